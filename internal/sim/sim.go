// Package sim is a vLLM simulator for tests, demos and load tests on
// machines without a GPU. It serves vLLM's OpenAI-compatible API
// (/v1/chat/completions with and without streaming, /v1/models, /health,
// /tokenize, /metrics with vLLM's metric names), answers with a corrected
// text (from a replay file of source and target sentences, or from a
// correction function such as the built-in engine), times its answers with a
// continuous-batching latency model or a fixed latency, and injects faults.
//
// # Latency model
//
// vLLM runs the requests admitted (at most --max-num-seqs) as one batch:
// every step decodes one token of each running request. A decode step of a
// 7B model is bound by memory bandwidth: it reads every weight once, plus
// each running request's KV cache. The defaults are for one NVIDIA L4
// (300 GB/s, 24 GB, about 121 dense BF16 TFLOPS) running Qwen2.5-7B-Instruct
// in BF16 (7.6 B parameters, 15.2 GB of weights):
//
//   - DecodeStep = 15.2 GB / 300 GB/s ≈ 51 ms, the time to read the weights;
//   - DecodeStepPerSeq = 0.35 ms per running request: its KV cache (28
//     layers × 4 KV heads × 128 × 2 (K and V) × 2 bytes = 56 KiB per token,
//     about 34 MB for a 600-token context: 0.11 ms) plus its share of the
//     compute (2 × 7.6 GFLOP per token at half the peak: 0.25 ms);
//   - PrefillTokensPerSec = 4,000: prefill is compute-bound, 15.2 GFLOP per
//     token at half of 121 TFLOPS;
//   - KVCacheTokens = 80,000: (24 GB × 0.85 - 15.2 GB - 1 GB of activations)
//     / 56 KiB per token;
//   - prefix caching: prompt blocks already seen are not prefilled again.
package sim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"appencorrect/internal/correction"
	"appencorrect/internal/dictionary"
	"appencorrect/internal/llm"
)

// Corrector corrects a text; language is the "Language:" line of the
// prompt, or "".
type Corrector func(ctx context.Context, text, language string) (string, error)

// Faults are injected at random, each with its probability per request.
type Faults struct {
	ErrorRate     float64       // answer 500
	HangRate      float64       // never answer (until the client goes away)
	TruncateRate  float64       // cut the output in half, finish_reason "length"
	MalformedRate float64       // answer something that is not the corrected text
	DropRate      float64       // close the connection without answering
	AddedLatency  time.Duration // added to every answer
}

// Config configures the simulator. Zero values take the defaults of one
// L4 running Qwen2.5-7B-Instruct in BF16 (see the package documentation).
type Config struct {
	Model       string
	MaxModelLen int
	// MaxNumSeqs bounds the running requests (the rest wait); below 0: no
	// limit. 0 takes the default, 64.
	MaxNumSeqs int
	// Latency, when set, replaces the latency model: every request takes
	// this long (after waiting for a slot when MaxNumSeqs is set).
	Latency             time.Duration
	PrefillTokensPerSec float64
	DecodeStep          time.Duration
	DecodeStepPerSeq    time.Duration
	KVCacheTokens       int
	// Replay maps source sentences to their targets; Corrector corrects
	// what Replay does not hold (nil: echo).
	Replay    map[string]string
	Corrector Corrector
	Faults    Faults
	Seed      uint64
	Logger    *slog.Logger
}

func (c *Config) defaults() {
	if c.Model == "" {
		c.Model = "Qwen/Qwen2.5-7B-Instruct"
	}
	if c.MaxModelLen <= 0 {
		c.MaxModelLen = 4096
	}
	if c.MaxNumSeqs == 0 {
		c.MaxNumSeqs = 64
	}
	if c.PrefillTokensPerSec <= 0 {
		c.PrefillTokensPerSec = 4000
	}
	if c.DecodeStep <= 0 {
		c.DecodeStep = 51 * time.Millisecond
	}
	if c.DecodeStepPerSeq <= 0 {
		c.DecodeStepPerSeq = 350 * time.Microsecond
	}
	if c.KVCacheTokens <= 0 {
		c.KVCacheTokens = 80000
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Server is a simulated vLLM server. Close stops its scheduler.
type Server struct {
	cfg     Config
	mux     *http.ServeMux
	created int64

	rngMu sync.Mutex
	rng   *rand.Rand

	sched  *scheduler
	slots  chan struct{} // fixed-latency mode with a MaxNumSeqs
	cancel context.CancelFunc
	done   chan struct{}

	prefix prefixCache
	tokens tokenMemo

	running, waiting      atomic.Int64
	kvTokens              atomic.Int64
	promptTokens, genToks atomic.Int64
	cachedTokens          atomic.Int64
	success, failures     atomic.Int64
	requests              atomic.Int64
}

// New returns a simulator.
func New(cfg Config) *Server {
	cfg.defaults()
	s := &Server{cfg: cfg, mux: http.NewServeMux(), created: time.Now().Unix(), done: make(chan struct{})}
	seed := cfg.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s.prefix.seed = maphash.MakeSeed()
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	if cfg.Latency > 0 {
		if cfg.MaxNumSeqs > 0 {
			s.slots = make(chan struct{}, cfg.MaxNumSeqs)
		}
		close(s.done)
	} else {
		s.sched = newScheduler(s)
		go func() {
			defer close(s.done)
			s.sched.run(ctx)
		}()
	}
	s.mux.HandleFunc("POST /v1/chat/completions", s.chat)
	s.mux.HandleFunc("GET /v1/models", s.models)
	s.mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	s.mux.HandleFunc("POST /tokenize", s.tokenize)
	s.mux.HandleFunc("GET /metrics", s.metrics)
	s.mux.HandleFunc("GET /version", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"version": "sim"})
	})
	return s
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.mux }

// Close stops the scheduler; requests in flight fail.
func (s *Server) Close() {
	s.cancel()
	<-s.done
}

func (s *Server) chance(p float64) bool {
	if p <= 0 {
		return false
	}
	s.rngMu.Lock()
	defer s.rngMu.Unlock()
	return s.rng.Float64() < p
}

// chatRequest is the part of a chat completions request the simulator
// reads.
type chatRequest struct {
	Model               string        `json:"model"`
	Messages            []chatMessage `json:"messages"`
	MaxTokens           *int          `json:"max_tokens"`
	MaxCompletionTokens *int          `json:"max_completion_tokens"`
	Stream              bool          `json:"stream"`
	StreamOptions       *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	ResponseFormat *struct {
		Type       string `json:"type"`
		JSONSchema *struct {
			Schema json.RawMessage `json:"schema"`
		} `json:"json_schema"`
	} `json:"response_format"`
}

type chatMessage struct {
	Role string `json:"role"`
	// Content is a string or an array of parts ({"type":"text","text":...});
	// decoded into any, a string costs one pass.
	Content any `json:"content"`
}

// text returns the message's content, a string or an array of text parts.
func (m chatMessage) text() string {
	switch c := m.Content.(type) {
	case string:
		return c
	case []any:
		var b strings.Builder
		for _, p := range c {
			if part, ok := p.(map[string]any); ok {
				if t, ok := part["text"].(string); ok {
					b.WriteString(t)
				}
			}
		}
		return b.String()
	}
	return ""
}

func apiError(w http.ResponseWriter, code int, typ, msg string) {
	writeJSON(w, code, map[string]any{"error": map[string]any{"message": msg, "type": typ, "code": code}, "object": "error"})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(code)
	w.Write(b)
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	var req chatRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 16<<20)).Decode(&req); err != nil {
		apiError(w, http.StatusBadRequest, "BadRequestError", "invalid JSON body: "+err.Error())
		return
	}
	if req.Model != "" && req.Model != s.cfg.Model {
		apiError(w, http.StatusNotFound, "NotFoundError", fmt.Sprintf("The model `%s` does not exist.", req.Model))
		return
	}
	if len(req.Messages) == 0 {
		apiError(w, http.StatusBadRequest, "BadRequestError", "messages must not be empty")
		return
	}
	f := s.cfg.Faults
	switch {
	case s.chance(f.DropRate):
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				s.failures.Add(1)
				return
			}
		}
		panic(http.ErrAbortHandler)
	case s.chance(f.ErrorRate):
		s.failures.Add(1)
		apiError(w, http.StatusInternalServerError, "InternalServerError", "simulated engine failure")
		return
	case s.chance(f.HangRate):
		<-r.Context().Done()
		return
	}

	// Token counts as the chat template renders the messages (ChatML:
	// about 4 tokens of markup per message), and prefix caching by whole
	// messages: the leading messages seen before in the same order are
	// cached, as vLLM's block cache would find them.
	userText, lang := "", ""
	promptTokens := 3 // the generation prompt
	cachedTokens := 0
	prefixHit := true
	var h maphash.Hash
	h.SetSeed(s.prefix.seed)
	for i, m := range req.Messages {
		c := m.text()
		last := i == len(req.Messages)-1
		n := s.tokens.count(c, !last) + 4
		promptTokens += n
		h.WriteString(m.Role)
		h.WriteByte(0)
		h.WriteString(c)
		h.WriteByte(0)
		if i < len(req.Messages)-1 || len(req.Messages) == 1 {
			if s.prefix.seenOrAdd(h.Sum64()) && prefixHit {
				cachedTokens += n
			} else {
				prefixHit = false
			}
		}
		if m.Role == "user" {
			userText = c
		}
	}
	text := userText
	if t, ok := llm.ExtractText(userText); ok {
		text = t
		if l, ok := strings.CutPrefix(userText, "Language: "); ok {
			lang, _, _ = strings.Cut(l, "\n")
		}
	}
	maxTokens := s.cfg.MaxModelLen - promptTokens
	if req.MaxTokens != nil {
		maxTokens = *req.MaxTokens
	} else if req.MaxCompletionTokens != nil {
		maxTokens = *req.MaxCompletionTokens
	}
	if promptTokens+maxTokens > s.cfg.MaxModelLen || maxTokens < 1 {
		apiError(w, http.StatusBadRequest, "BadRequestError", fmt.Sprintf(
			"This model's maximum context length is %d tokens. However, you requested %d tokens (%d in the messages, %d in the completion). Please reduce the length of the messages or completion.",
			s.cfg.MaxModelLen, promptTokens+maxTokens, promptTokens, maxTokens))
		return
	}

	out, err := s.correct(r.Context(), text, lang)
	if err != nil {
		s.failures.Add(1)
		apiError(w, http.StatusInternalServerError, "InternalServerError", "correcting: "+err.Error())
		return
	}
	if keep := llm.KeepWords(userText); len(keep) > 0 {
		out = keepWords(text, out, keep)
	}
	finish := "stop"
	content := s.format(req, out)
	switch {
	case s.chance(f.MalformedRate):
		if req.ResponseFormat != nil {
			content = content[:len(content)/2]
		} else {
			content = "I'm sorry, but as an AI language model I can only answer questions about grammar. Could you rephrase your request? Here are a few things I can help you with instead."
		}
	case s.chance(f.TruncateRate):
		content = cutTokens(content, max(1, llm.EstimateTokens(content)/2))
		finish = "length"
	}
	outTokens := llm.EstimateTokens(content) + 1 // the end-of-sequence token
	if outTokens > maxTokens {
		content = cutTokens(content, maxTokens)
		outTokens = maxTokens
		finish = "length"
	}

	first, j, err := s.wait(r.Context(), promptTokens-cachedTokens, promptTokens+outTokens, outTokens, req.Stream)
	if err != nil {
		return // the client went away or the server stops
	}
	if f.AddedLatency > 0 {
		select {
		case <-time.After(f.AddedLatency):
		case <-r.Context().Done():
			return
		}
	}
	s.promptTokens.Add(int64(promptTokens))
	s.cachedTokens.Add(int64(cachedTokens))
	s.genToks.Add(int64(outTokens))
	s.success.Add(1)
	usage := &wireUsage{PromptTokens: promptTokens, CompletionTokens: outTokens, TotalTokens: promptTokens + outTokens}
	usage.Details.CachedTokens = cachedTokens
	id := "chatcmpl-sim-" + strconv.FormatInt(s.requests.Load(), 36)
	if req.Stream {
		s.stream(r.Context(), w, id, content, finish, usage, first, j, req.StreamOptions != nil && req.StreamOptions.IncludeUsage)
		return
	}
	resp := wireResponse{ID: id, Object: "chat.completion", Created: time.Now().Unix(), Model: s.cfg.Model, Usage: usage}
	resp.Choices = []wireChoice{{FinishReason: finish, Message: wireMessage{Role: "assistant", Content: content, ToolCalls: []any{}}}}
	writeJSON(w, http.StatusOK, &resp)
}

// The response shapes, as structs: cheaper to encode than maps.
type wireUsage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
	Details          struct {
		CachedTokens int `json:"cached_tokens"`
	} `json:"prompt_tokens_details"`
}

type wireMessage struct {
	Role      string  `json:"role"`
	Content   string  `json:"content"`
	Refusal   *string `json:"refusal"`
	ToolCalls []any   `json:"tool_calls"`
}

type wireChoice struct {
	Index        int         `json:"index"`
	FinishReason string      `json:"finish_reason"`
	Logprobs     any         `json:"logprobs"`
	Message      wireMessage `json:"message"`
}

type wireResponse struct {
	ID      string       `json:"id"`
	Object  string       `json:"object"`
	Created int64        `json:"created"`
	Model   string       `json:"model"`
	Choices []wireChoice `json:"choices"`
	Usage   *wireUsage   `json:"usage"`
}

// format renders the corrected text as the request asks: the one string
// property of a JSON schema, {"corrected_text"} for json_object, else plain.
func (s *Server) format(req chatRequest, out string) string {
	rf := req.ResponseFormat
	if rf == nil || rf.Type == "text" || rf.Type == "" {
		return out
	}
	prop := "corrected_text"
	if rf.JSONSchema != nil {
		var sch struct {
			Properties map[string]struct {
				Type string `json:"type"`
			} `json:"properties"`
		}
		if json.Unmarshal(rf.JSONSchema.Schema, &sch) == nil && sch.Properties["corrected_text"].Type != "string" {
			for name, p := range sch.Properties {
				if p.Type == "string" {
					prop = name
					break
				}
			}
		}
	}
	b, _ := json.Marshal(map[string]string{prop: out})
	return string(b)
}

// cutTokens keeps about n tokens of s, at a character boundary.
func cutTokens(s string, n int) string {
	total := llm.EstimateTokens(s)
	if n >= total {
		return s
	}
	b := len(s) * n / max(total, 1)
	for b > 0 && b < len(s) && s[b]&0xC0 == 0x80 {
		b--
	}
	return s[:b]
}

// keepWords undoes the changes of out that change a word of keep (the
// customer's dictionary the prompt quotes), as a model told to keep them
// does.
func keepWords(text, out string, keep []string) string {
	words := dictionary.New(keep, "")
	var cs []correction.Correction
	for _, c := range correction.Align(text, out) {
		if !words.Changed(c.Original, c.Suggestion()) {
			cs = append(cs, c)
		}
	}
	kept, err := correction.Apply(text, cs)
	if err != nil {
		return out
	}
	return kept
}

// correct replaces every replay source sentence found in text by its
// target, or corrects it with the corrector, or echoes it.
func (s *Server) correct(ctx context.Context, text, lang string) (string, error) {
	if len(s.cfg.Replay) > 0 {
		if out, ok := replay(s.cfg.Replay, text); ok {
			return out, nil
		}
	}
	if s.cfg.Corrector != nil {
		return s.cfg.Corrector(ctx, text, lang)
	}
	return text, nil
}

// replay replaces the replay sources found in text: the whole text, else
// runs of up to four consecutive sentences, longest first. ok is false
// when nothing matched.
func replay(m map[string]string, text string) (string, bool) {
	a, b := trimSpan(text)
	if t, ok := m[text[a:b]]; ok {
		return text[:a] + t + text[b:], true
	}
	spans := correction.Sentences(text)
	var out strings.Builder
	pos, hit := 0, false
	for i := 0; i < len(spans); {
		matched := false
		for j := min(len(spans)-1, i+3); j >= i; j-- {
			if t, ok := m[text[spans[i].Start:spans[j].End]]; ok {
				out.WriteString(text[pos:spans[i].Start])
				out.WriteString(t)
				pos = spans[j].End
				i = j + 1
				matched, hit = true, true
				break
			}
		}
		if !matched {
			i++
		}
	}
	if !hit {
		return text, false
	}
	out.WriteString(text[pos:])
	return out.String(), true
}

func trimSpan(s string) (int, int) {
	a, b := 0, len(s)
	for a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t' || s[a] == '\r') {
		a++
	}
	for b > a && (s[b-1] == ' ' || s[b-1] == '\n' || s[b-1] == '\t' || s[b-1] == '\r') {
		b--
	}
	return a, b
}

// wait holds the request for its simulated time; first is closed when the
// first token is out. For a stream in the batching model it returns when
// the first token is out, with the job whose decoding the stream follows.
func (s *Server) wait(ctx context.Context, prefill, kv, outTokens int, stream bool) (<-chan struct{}, *job, error) {
	if s.cfg.Latency > 0 {
		if s.slots != nil {
			s.waiting.Add(1)
			select {
			case s.slots <- struct{}{}:
				s.waiting.Add(-1)
			case <-ctx.Done():
				s.waiting.Add(-1)
				return nil, nil, ctx.Err()
			}
			defer func() { <-s.slots }()
		}
		s.running.Add(1)
		s.kvTokens.Add(int64(kv))
		defer s.running.Add(-1)
		defer s.kvTokens.Add(-int64(kv))
		first := make(chan struct{})
		close(first)
		if stream {
			return first, nil, nil // the stream spreads the latency over its chunks
		}
		t := time.NewTimer(s.cfg.Latency)
		defer t.Stop()
		select {
		case <-t.C:
			return first, nil, nil
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
	}
	j := &job{prefill: prefill, kv: kv, remaining: outTokens, first: make(chan struct{}), done: make(chan struct{}), tick: make(chan struct{}, 1)}
	if err := s.sched.submit(ctx, j); err != nil {
		return nil, nil, err
	}
	if stream {
		select {
		case <-j.first:
			return j.done, j, nil
		case <-ctx.Done():
			j.cancel()
			return nil, nil, ctx.Err()
		}
	}
	select {
	case <-j.done:
		if j.failed {
			return nil, nil, errors.New("server stopping")
		}
		return j.done, nil, nil
	case <-ctx.Done():
		j.cancel()
		return nil, nil, ctx.Err()
	}
}

// stream writes the answer as server-sent events: the first chunk when
// the first token is out, the rest as the job decodes it (or spread over
// the fixed latency when j is nil).
func (s *Server) stream(ctx context.Context, w http.ResponseWriter, id, content, finish string, usage *wireUsage, done <-chan struct{}, j *job, includeUsage bool) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fl, _ := w.(http.Flusher)
	created := time.Now().Unix()
	send := func(delta map[string]any, fin any, u any) {
		chunk := map[string]any{"id": id, "object": "chat.completion.chunk", "created": created, "model": s.cfg.Model,
			"choices": []map[string]any{{"index": 0, "delta": delta, "finish_reason": fin, "logprobs": nil}}}
		if u != nil {
			chunk["choices"] = []any{}
			chunk["usage"] = u
		}
		b, _ := json.Marshal(chunk)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if fl != nil {
			fl.Flush()
		}
	}
	send(map[string]any{"role": "assistant", "content": ""}, nil, nil)
	if j != nil {
		sent := 0
		for finished := false; !finished; {
			select {
			case <-ctx.Done():
				j.cancel()
				return
			case <-j.tick:
			case <-done:
				finished = true
			}
			if finished && j.failed {
				return // the server stops: the stream ends without its end
			}
			upTo := len(content)
			if !finished {
				upTo = len(cutTokens(content, int(j.decoded.Load())))
			}
			if upTo > sent {
				send(map[string]any{"content": content[sent:upTo]}, nil, nil)
				sent = upTo
			}
		}
		send(map[string]any{}, finish, nil)
		if includeUsage {
			send(nil, nil, usage)
		}
		fmt.Fprint(w, "data: [DONE]\n\n")
		if fl != nil {
			fl.Flush()
		}
		return
	}
	pieces := splitPieces(content, 8)
	var tick time.Duration
	if s.cfg.Latency > 0 {
		tick = s.cfg.Latency / time.Duration(len(pieces)+1)
	}
	for i, p := range pieces {
		if s.cfg.Latency > 0 {
			time.Sleep(tick)
		} else if i == len(pieces)-1 {
			<-done
		}
		send(map[string]any{"content": p}, nil, nil)
	}
	send(map[string]any{}, finish, nil)
	if includeUsage {
		send(nil, nil, usage)
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
	if fl != nil {
		fl.Flush()
	}
}

// splitPieces cuts s into up to n pieces at character boundaries.
func splitPieces(s string, n int) []string {
	if s == "" {
		return []string{""}
	}
	var out []string
	step := max(1, len(s)/n)
	for len(s) > 0 {
		k := min(step, len(s))
		for k < len(s) && s[k]&0xC0 == 0x80 {
			k++
		}
		out = append(out, s[:k])
		s = s[k:]
	}
	return out
}

func (s *Server) models(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": []map[string]any{{
		"id": s.cfg.Model, "object": "model", "created": s.created, "owned_by": "vllm", "root": s.cfg.Model,
		"parent": nil, "max_model_len": s.cfg.MaxModelLen}}})
}

func (s *Server) tokenize(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Prompt   string        `json:"prompt"`
		Messages []chatMessage `json:"messages"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 16<<20)).Decode(&req); err != nil {
		apiError(w, http.StatusBadRequest, "BadRequestError", "invalid JSON body: "+err.Error())
		return
	}
	text := req.Prompt
	for _, m := range req.Messages {
		text += m.text()
	}
	n := llm.EstimateTokens(text)
	toks := make([]int, n)
	for i := range toks {
		toks[i] = 100 + i
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": n, "max_model_len": s.cfg.MaxModelLen, "tokens": toks})
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	lbl := fmt.Sprintf(`{engine="0",model_name=%q}`, s.cfg.Model)
	kv := float64(s.kvTokens.Load()) / float64(s.cfg.KVCacheTokens)
	fmt.Fprintf(w, "# HELP vllm:num_requests_running Number of requests in model execution batches.\n# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running%s %d\n", lbl, s.running.Load())
	fmt.Fprintf(w, "# HELP vllm:num_requests_waiting Number of requests waiting to be processed.\n# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting%s %d\n", lbl, s.waiting.Load())
	fmt.Fprintf(w, "# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.\n# TYPE vllm:kv_cache_usage_perc gauge\nvllm:kv_cache_usage_perc%s %g\n", lbl, min(kv, 1))
	fmt.Fprintf(w, "# HELP vllm:prompt_tokens_total Number of prefill tokens processed.\n# TYPE vllm:prompt_tokens_total counter\nvllm:prompt_tokens_total%s %d\n", lbl, s.promptTokens.Load())
	fmt.Fprintf(w, "# HELP vllm:generation_tokens_total Number of generation tokens processed.\n# TYPE vllm:generation_tokens_total counter\nvllm:generation_tokens_total%s %d\n", lbl, s.genToks.Load())
	fmt.Fprintf(w, "# HELP vllm:prefix_cache_hits_total Prefix cache hits, in terms of number of cached tokens.\n# TYPE vllm:prefix_cache_hits_total counter\nvllm:prefix_cache_hits_total%s %d\n", lbl, s.cachedTokens.Load())
	fmt.Fprintf(w, "# HELP vllm:prefix_cache_queries_total Prefix cache queries, in terms of number of queried tokens.\n# TYPE vllm:prefix_cache_queries_total counter\nvllm:prefix_cache_queries_total%s %d\n", lbl, s.promptTokens.Load())
	fmt.Fprintf(w, "# HELP vllm:request_success_total Count of successfully processed requests.\n# TYPE vllm:request_success_total counter\nvllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=%q} %d\n", s.cfg.Model, s.success.Load())
}

// prefixCache remembers the chains of leading messages seen, like vLLM's
// automatic prefix caching (which works on blocks of 16 tokens; whole
// messages are close enough for the static part of a prompt).
type prefixCache struct {
	seed maphash.Seed
	mu   sync.Mutex
	seen map[uint64]struct{}
}

// seenOrAdd reports whether the chain hash k was seen, recording it.
func (p *prefixCache) seenOrAdd(k uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen == nil || len(p.seen) > 1<<20 {
		p.seen = make(map[uint64]struct{}, 1024)
	}
	if _, ok := p.seen[k]; ok {
		return true
	}
	p.seen[k] = struct{}{}
	return false
}

// tokenMemo remembers the token counts of the leading messages (the
// static part every request carries), up to 10,000 of them.
type tokenMemo struct {
	m sync.Map // string → int
	n atomic.Int64
}

func (t *tokenMemo) count(s string, memo bool) int {
	if !memo || len(s) < 256 {
		return llm.EstimateTokens(s)
	}
	if v, ok := t.m.Load(s); ok {
		return v.(int)
	}
	n := llm.EstimateTokens(s)
	if t.n.Add(1) < 10000 {
		t.m.Store(s, n)
	}
	return n
}
