package llm_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"appencorrect/internal/llm"
	"appencorrect/internal/sim"
)

// labels lists the endpoint labels r was told of, sorted.
func (r *callRecorder) labels() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, g := range r.calls {
		ep, _, _ := strings.Cut(g, " ")
		if !slices.Contains(out, ep) {
			out = append(out, ep)
		}
	}
	slices.Sort(out)
	return out
}

// TestEndpointSlotsAreBoundedLabels: replicas come and go behind one
// name; each call is reported under the endpoint's slot, never its
// address, and a replica that replaces one that left takes its slot, so
// the labels stay as few as the replicas alive at once.
func TestEndpointSlotsAreBoundedLabels(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mn := newMemNet()
		ips := make([]netip.Addr, 6)
		for i := range ips {
			ips[i] = netip.MustParseAddr(fmt.Sprintf("10.0.0.%d", i+1))
			mn.start(t, ips[i].String()+":8000", sim.Config{Latency: time.Millisecond})
		}
		res := &fakeResolver{addrs: map[string][]netip.Addr{"vllm.test": ips[:2]}}
		obs := &callRecorder{}
		c := newClient(t, llm.Config{URLs: []string{"http://vllm.test:8000"}, Resolver: res, Transport: mn,
			DNSRefresh: 30 * time.Millisecond, Observer: obs})
		chat := func() {
			t.Helper()
			for range 6 {
				if _, _, err := c.Chat(context.Background(), []llm.Message{{Role: "user", Content: "hi"}}, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
		chat()
		// Two replicas at a time, each pair replacing the last: six
		// addresses over the run.
		for i := 2; i < len(ips); i++ {
			res.mu.Lock()
			res.addrs["vllm.test"] = []netip.Addr{ips[i-1], ips[i]}
			res.mu.Unlock()
			time.Sleep(30 * time.Millisecond)
			synctest.Wait()
			chat()
			slots := map[int]string{}
			for _, e := range c.Stats().Endpoints {
				slots[e.Slot] = e.Name
			}
			if len(slots) != 2 || slots[0] == "" || slots[1] == "" {
				t.Fatalf("after replica %d joined: slots %v, want 0 and 1", i, slots)
			}
		}
		// The health detail (log and /health?detail=1 only) maps slots
		// to addresses.
		if _, d := c.Health(); !strings.Contains(d, "endpoint 0 http://10.0.0.") || !strings.Contains(d, "endpoint 1 http://10.0.0.") {
			t.Errorf("health detail %q does not map the slots to addresses", d)
		}
		if got := obs.labels(); !slices.Equal(got, []string{"0", "1"}) {
			t.Errorf("endpoint labels %v over six replicas, two at a time: want [0 1]", got)
		}
		for _, g := range obs.calls {
			if !strings.HasSuffix(g, " ok") {
				t.Errorf("call reported as %q, want outcome ok", g)
			}
		}
	})
}

func TestCallOutcome(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, "ok"},
		{fmt.Errorf("model call to x: %w", context.DeadlineExceeded), "timeout"},
		{context.Canceled, "canceled"},
		{llm.ErrTruncated, "truncated"},
		{fmt.Errorf("%w: content filter", llm.ErrRefused), "refused"},
		{fmt.Errorf("%w: unparsable answer from http://10.0.0.1:8000/v1", llm.ErrInvalidOutput), "unparsable"},
		{fmt.Errorf("%w: %w", llm.ErrContextLength, &llm.StatusError{Code: 400}), "context_length"},
		{&llm.StatusError{Code: http.StatusTooManyRequests}, "busy"},
		{&llm.StatusError{Code: 502, Body: "bad gateway at http://10.0.0.1"}, "error"},
		{errors.New("dial tcp 10.0.0.1:8000: connection refused"), "error"},
	}
	for _, tt := range tests {
		if got := llm.CallOutcome(tt.err); got != tt.want {
			t.Errorf("CallOutcome(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
