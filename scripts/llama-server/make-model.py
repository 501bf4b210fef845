#!/usr/bin/env python3
"""Writes a tiny llama-architecture GGUF model with random weights for the
llama-server integration test: a byte-level SentencePiece vocabulary (every
byte is a token, so any text and any JSON can be produced), a ChatML chat
template, two layers of width 64. Its words are gibberish, but requests,
JSON-schema constrained output, context limits and concurrency are real.

Usage: PYTHONPATH=<llama.cpp>/gguf-py python3 make-model.py OUT.gguf [SEED]
"""
import sys

import numpy as np
import gguf

out = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 42
rng = np.random.default_rng(seed)

n_embd, n_ff, n_layer, n_head, n_ctx = 64, 128, 2, 4, 4096

tokens = [b"<unk>", b"<s>", b"</s>"] + [("<0x%02X>" % i).encode() for i in range(256)]
# A few whole words, so that tokenization is not bytes alone.
words = ["\u2581the", "\u2581a", "\u2581is", "\u2581and", "\u2581of", "\u2581to", "\u2581in", "\u2581text"]
tokens += [w.encode() for w in words]
types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL] + \
    [gguf.TokenType.BYTE] * 256 + [gguf.TokenType.NORMAL] * len(words)
scores = [0.0] * 259 + [-float(i + 1) for i in range(len(words))]
n_vocab = len(tokens)

w = gguf.GGUFWriter(out, "llama")
w.add_name("appencorrect-test-tiny")
w.add_context_length(n_ctx)
w.add_embedding_length(n_embd)
w.add_block_count(n_layer)
w.add_feed_forward_length(n_ff)
w.add_head_count(n_head)
w.add_head_count_kv(n_head)
w.add_rope_dimension_count(n_embd // n_head)
w.add_layer_norm_rms_eps(1e-5)
w.add_vocab_size(n_vocab)
w.add_file_type(gguf.LlamaFileType.ALL_F32)
w.add_tokenizer_model("llama")
w.add_token_list(tokens)
w.add_token_scores(scores)
w.add_token_types(types)
w.add_bos_token_id(1)
w.add_eos_token_id(2)
w.add_add_bos_token(True)
w.add_chat_template(
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


def t(*shape):
    return (rng.standard_normal(shape) * 0.2).astype(np.float32)


w.add_tensor("token_embd.weight", t(n_vocab, n_embd))
w.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
w.add_tensor("output.weight", t(n_vocab, n_embd))
for i in range(n_layer):
    p = "blk.%d." % i
    w.add_tensor(p + "attn_norm.weight", np.ones(n_embd, dtype=np.float32))
    w.add_tensor(p + "attn_q.weight", t(n_embd, n_embd))
    w.add_tensor(p + "attn_k.weight", t(n_embd, n_embd))
    w.add_tensor(p + "attn_v.weight", t(n_embd, n_embd))
    w.add_tensor(p + "attn_output.weight", t(n_embd, n_embd))
    w.add_tensor(p + "ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
    w.add_tensor(p + "ffn_gate.weight", t(n_ff, n_embd))
    w.add_tensor(p + "ffn_up.weight", t(n_ff, n_embd))
    w.add_tensor(p + "ffn_down.weight", t(n_embd, n_ff))

w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
