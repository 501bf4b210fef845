package llm

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// streamOptions asks the server for the usage in a last streamed chunk.
type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

// streamChunk is one server-sent event of a streamed chat completion.
type streamChunk struct {
	Choices []struct {
		Delta struct {
			Content *string `json:"content"`
			Refusal *string `json:"refusal"`
		} `json:"delta"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens        int `json:"prompt_tokens"`
		CompletionTokens    int `json:"completion_tokens"`
		PromptTokensDetails *struct {
			CachedTokens int `json:"cached_tokens"`
		} `json:"prompt_tokens_details"`
	} `json:"usage"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// maxStreamBytes bounds a streamed answer, like the 16 MiB of a plain one.
const maxStreamBytes = 16 << 20

// errStreamEnded: the stream stopped before its end (no finish_reason).
var errStreamEnded = errors.New("the stream ended before the answer did")

// readStream reads a streamed chat completion (server-sent events of
// chat.completion.chunk objects, ending with "data: [DONE]"), calling
// onText with the text so far after each chunk that adds to it, and returns
// the answer assembled as a non-streamed one.
func readStream(body io.Reader, onText func(string)) (wireResponse, error) {
	var (
		wr      wireResponse
		text    strings.Builder
		refusal strings.Builder
		finish  string
		hasText bool
		total   int
	)
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	done := false
	for !done && sc.Scan() {
		line := sc.Bytes()
		total += len(line) + 1
		if total > maxStreamBytes {
			return wr, fmt.Errorf("%w: streamed answer over %d bytes", ErrInvalidOutput, maxStreamBytes)
		}
		data, ok := bytes.CutPrefix(line, []byte("data:"))
		if !ok {
			continue // comments, event names, blank separators
		}
		data = bytes.TrimSpace(data)
		if string(data) == "[DONE]" {
			done = true
			break
		}
		var ch streamChunk
		if err := json.Unmarshal(data, &ch); err != nil {
			return wr, fmt.Errorf("%w: unparsable stream chunk %q", ErrInvalidOutput, truncate(string(data), 200))
		}
		if ch.Error != nil {
			return wr, fmt.Errorf("error in the stream: %s", truncate(ch.Error.Message, 200))
		}
		if u := ch.Usage; u != nil {
			wr.Usage.PromptTokens, wr.Usage.CompletionTokens = u.PromptTokens, u.CompletionTokens
			if d := u.PromptTokensDetails; d != nil {
				wr.Usage.PromptTokensDetails = &struct {
					CachedTokens int `json:"cached_tokens"`
				}{d.CachedTokens}
			}
		}
		if len(ch.Choices) == 0 {
			continue
		}
		c := ch.Choices[0]
		if c.Delta.Refusal != nil {
			refusal.WriteString(*c.Delta.Refusal)
		}
		if c.Delta.Content != nil {
			hasText = true
			if *c.Delta.Content != "" {
				text.WriteString(*c.Delta.Content)
				onText(text.String())
			}
		}
		if c.FinishReason != nil && *c.FinishReason != "" {
			finish = *c.FinishReason
		}
	}
	if err := sc.Err(); err != nil {
		return wr, err
	}
	if finish == "" {
		return wr, errStreamEnded
	}
	wr.Choices = make([]struct {
		Message struct {
			Content *string `json:"content"`
			Refusal *string `json:"refusal"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	}, 1)
	wr.Choices[0].FinishReason = finish
	if hasText {
		t := text.String()
		wr.Choices[0].Message.Content = &t
	}
	if refusal.Len() > 0 {
		r := refusal.String()
		wr.Choices[0].Message.Refusal = &r
	}
	return wr, nil
}
