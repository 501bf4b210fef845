package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"appencorrect/internal/config"
	"appencorrect/internal/server"
	"appencorrect/internal/sim"
)

// stack is serve's handler over the LLM pipeline over a simulator, in one
// process, on loopback HTTP like the real deployment.
type stack struct {
	base   string
	client *http.Client
}

func newStack(tb testing.TB, sc sim.Config, env map[string]string) *stack {
	tb.Helper()
	sc.Corrector = func(_ context.Context, text, _ string) (string, error) {
		return strings.ReplaceAll(strings.ReplaceAll(text, "eror", "error"), "grammer", "grammar"), nil
	}
	s := sim.New(sc)
	simSrv := httptest.NewServer(s.Handler())
	tb.Cleanup(func() { simSrv.Close(); s.Close() })
	vars := map[string]string{"VLLM_URL": simSrv.URL, "DEMO_RATE_LIMIT": "0", "LOG_LEVEL": "error"}
	for k, v := range env {
		vars[k] = v
	}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		tb.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	eng, err := newPipeline(context.Background(), cfg, log, nil, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(eng.stop)
	srv := server.New(cfg, server.Deps{Pipeline: eng.pipe, Logger: log, Version: "bench"})
	hs := httptest.NewServer(srv.Handler())
	tb.Cleanup(hs.Close)
	tr := &http.Transport{MaxIdleConns: 0, MaxIdleConnsPerHost: 2048, IdleConnTimeout: time.Minute}
	tb.Cleanup(tr.CloseIdleConnections)
	return &stack{base: hs.URL, client: &http.Client{Transport: tr}}
}

// check posts text to /demo/check and returns the processed text.
func (s *stack) check(text string) (string, error) {
	b, _ := json.Marshal(map[string]string{"text": text, "language": "en-US"})
	resp, err := s.client.Post(s.base+"/demo/check", "application/json", strings.NewReader(string(b)))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("status %d: %s", resp.StatusCode, raw)
	}
	var a struct {
		ProcessedText string `json:"processed_text"`
		Degraded      bool   `json:"degraded"`
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return "", err
	}
	if a.Degraded {
		return "", fmt.Errorf("degraded answer")
	}
	return a.ProcessedText, nil
}

// text600 is a 600-character text with two errors, made unique by n.
func text600(n int) string {
	s := fmt.Sprintf("Request %d: this paragraph has an eror in its grammer. ", n)
	filler := "The quick brown fox jumps over the lazy dog while the committee reviews the quarterly report in detail. "
	for len(s) < 600 {
		s += filler
	}
	return strings.TrimSpace(s[:600])
}

// BenchmarkOverhead600 measures the service's time over the model's for a
// 600-character text at one user: the simulator answers after 1µs, so the
// time per check is serve's overhead (HTTP in and out, JSON, prompt,
// model call over loopback HTTP, alignment, classification, response) plus
// the simulator's own parsing.
func BenchmarkOverhead600(b *testing.B) {
	st := newStack(b, sim.Config{Latency: time.Microsecond, MaxNumSeqs: -1}, map[string]string{"VALKEY_DEFAULT_TTL": "1s"})
	var lat []time.Duration
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n++
		text := text600(n) // a different text each time: no cache hits
		start := time.Now()
		out, err := st.check(text)
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if !strings.HasPrefix(out, fmt.Sprintf("Request %d:", n)) || strings.Contains(out, "eror") {
			b.Fatalf("wrong answer %q", out)
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// loadDuration is how long BenchmarkLoad300Users measures.
var loadDuration = 10 * time.Second

// BenchmarkLoad300Users runs 300 concurrent users against the simulator
// at a fixed 200 ms per request with no batching limit, a different text in
// every request, for 10 s after 2 s of warm-up, and reports checks per
// second and latency percentiles (the target: at least 1,000
// checks/s, p99 under 300 ms, no errors). Run it alone:
//
//	go test ./cmd/appencorrect -run '^$' -bench Load300Users -benchtime 1x
func BenchmarkLoad300Users(b *testing.B) {
	const users = 300
	warm, measure := 2*time.Second, loadDuration
	st := newStack(b, sim.Config{Latency: 200 * time.Millisecond, MaxNumSeqs: -1}, nil)
	for b.Loop() {
		var seq, errs, wrong atomic.Int64
		var mu sync.Mutex
		var lat []time.Duration
		start := time.Now()
		measureFrom, stopAt := start.Add(warm), start.Add(warm+measure)
		var wg sync.WaitGroup
		for range users {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				for time.Now().Before(stopAt) {
					n := int(seq.Add(1))
					text := fmt.Sprintf("User request %d has an eror in its grammer and some more words.", n)
					t0 := time.Now()
					out, err := st.check(text)
					d := time.Since(t0)
					switch {
					case err != nil:
						errs.Add(1)
					case out != fmt.Sprintf("User request %d has an error in its grammar and some more words.", n):
						wrong.Add(1)
					}
					if t0.After(measureFrom) && t0.Add(d).Before(stopAt) {
						mine = append(mine, d)
					}
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		slices.Sort(lat)
		if len(lat) == 0 {
			b.Fatal("no request completed")
		}
		b.ReportMetric(float64(len(lat))/measure.Seconds(), "checks/s")
		b.ReportMetric(float64(lat[len(lat)/2].Milliseconds()), "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Milliseconds()), "p99-ms")
		b.ReportMetric(float64(lat[len(lat)-1].Milliseconds()), "max-ms")
		b.ReportMetric(float64(errs.Load()), "errors")
		b.ReportMetric(float64(wrong.Load()), "wrong-answers")
		if errs.Load() > 0 || wrong.Load() > 0 {
			b.Errorf("%d errors, %d answers not belonging to their request", errs.Load(), wrong.Load())
		}
	}
}
