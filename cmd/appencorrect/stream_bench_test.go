package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"appencorrect/internal/ops/loadtest"
	"appencorrect/internal/sim"
)

// text1000 is a 10-sentence text of about 1,000 characters with an error
// in its first sentence only, made unique by n.
func text1000(n int) string {
	s := []string{fmt.Sprintf("Request %d has an eror in its first sentence.", n)}
	for i := 1; len(s) < 10; i++ {
		s = append(s, fmt.Sprintf("Sentence %d of the text describes the results of the last evaluation round for the whole team.", i))
	}
	return strings.Join(s, " ")
}

// streamCheck posts text to /demo/check/stream and returns the time to
// the first corrections event holding a correction and to the result.
func (s *stack) streamCheck(text string) (first, full time.Duration, err error) {
	b, _ := json.Marshal(map[string]string{"text": text, "language": "en-US"})
	t0 := time.Now()
	resp, err := s.client.Post(s.base+"/demo/check/stream", "application/json", strings.NewReader(string(b)))
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return 0, 0, fmt.Errorf("status %d", resp.StatusCode)
	}
	var result error
	done := false
	err = loadtest.Events(resp.Body, func(event, data string) bool {
		switch event {
		case "corrections":
			if first == 0 && !strings.Contains(data, `"corrections":[]`) {
				first = time.Since(t0)
			}
		case "result":
			full, done = time.Since(t0), true
			if strings.Contains(data, `"degraded":true`) {
				result = fmt.Errorf("degraded answer")
			}
			return true
		case "error":
			result, done = fmt.Errorf("error event: %s", data), true
			return true
		}
		return false
	})
	switch {
	case result != nil:
		return 0, 0, result
	case !done:
		return 0, 0, fmt.Errorf("no result event: %v", err)
	}
	return first, full, nil
}

// BenchmarkStreamFirstCorrection measures, at one user with the simulator
// at L4 decode speed (51 ms per token), the time to the first correction
// of a streamed 10-sentence, 1,000-character text with an error in its
// first sentence, beside the time to its whole answer:
//
//	go test ./cmd/appencorrect -run '^$' -bench StreamFirstCorrection -benchtime 3x
func BenchmarkStreamFirstCorrection(b *testing.B) {
	st := newStack(b, sim.Config{}, nil)
	var first, full []time.Duration
	n := 0
	for b.Loop() {
		n++
		f, d, err := st.streamCheck(text1000(n))
		if err != nil {
			b.Fatal(err)
		}
		if f == 0 {
			b.Fatal("no correction was streamed")
		}
		first, full = append(first, f), append(full, d)
	}
	slices.Sort(first)
	slices.Sort(full)
	med := func(l []time.Duration) time.Duration { return l[len(l)/2] }
	b.ReportMetric(float64(med(first).Milliseconds()), "first-correction-ms")
	b.ReportMetric(float64(med(full).Milliseconds()), "full-answer-ms")
	b.ReportMetric(100*float64(med(first))/float64(med(full)), "first/full-%")
}
