package loadtest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestSamplerShortStep: a step that ends while the first scrape is still
// waiting for its answer (CI saw one at 20 ms) reports one sample, taken when
// the sampler stops, instead of a "context canceled" failure.
func TestSamplerShortStep(t *testing.T) {
	tests := []struct {
		name        string
		laterStatus int
		wantSamples int
		wantFails   int
	}{
		{"server answers the last scrape", http.StatusOK, 1, 0},
		{"server fails the last scrape", http.StatusServiceUnavailable, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			firstIn := make(chan struct{})
			s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) == 1 {
					close(firstIn)
					<-r.Context().Done() // held until the sampler gives up on it
					return
				}
				w.WriteHeader(tt.laterStatus)
				io.WriteString(w, vllmExposition)
			}))
			defer s.Close()
			smp := startSampler(context.Background(), s.URL, s.Client(), time.Hour)
			<-firstIn
			st := smp.finish(context.Background())
			if st.Samples != tt.wantSamples || st.Failures != tt.wantFails {
				t.Fatalf("samples %d failures %d (last error %q), want %d and %d", st.Samples, st.Failures, st.LastError, tt.wantSamples, tt.wantFails)
			}
			if tt.wantSamples > 0 && (st.MaxWaiting != 3 || st.MaxKVCacheUsage != 0.75) {
				t.Errorf("gauges not read: %+v", st)
			}
			if n := calls.Load(); n != 2 {
				t.Errorf("%d scrapes, want the held one and one last", n)
			}
		})
	}
}
