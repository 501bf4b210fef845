package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// vLLM's gauges the sampler reads. The KV-cache gauge was renamed from
// vllm:gpu_cache_usage_perc to vllm:kv_cache_usage_perc (the old name is
// gone from recent releases); both are read.
const (
	metricWaiting = "vllm:num_requests_waiting"
	metricRunning = "vllm:num_requests_running"
	metricKV      = "vllm:kv_cache_usage_perc"
	metricKVOld   = "vllm:gpu_cache_usage_perc"
)

// VLLMGauges are the values of one scrape, summed over label sets (one per
// model or engine).
type VLLMGauges struct {
	Waiting, Running, KVCacheUsage float64
	// KVMetric is the name the KV-cache value came from ("" if absent).
	KVMetric string
}

// ParseVLLMMetrics reads the gauges from a Prometheus text exposition.
func ParseVLLMMetrics(r io.Reader) (VLLMGauges, error) {
	var g VLLMGauges
	var kvNew, kvOld float64
	var haveNew, haveOld, any bool
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "vllm:") {
			continue
		}
		name, value, ok := sample(line)
		if !ok {
			continue
		}
		switch name {
		case metricWaiting:
			g.Waiting += value
		case metricRunning:
			g.Running += value
		case metricKV:
			kvNew += value
			haveNew = true
		case metricKVOld:
			kvOld += value
			haveOld = true
		default:
			continue
		}
		any = true
	}
	if err := sc.Err(); err != nil {
		return g, fmt.Errorf("reading vLLM metrics: %w", err)
	}
	switch {
	case haveNew:
		g.KVCacheUsage, g.KVMetric = kvNew, metricKV
	case haveOld:
		g.KVCacheUsage, g.KVMetric = kvOld, metricKVOld
	}
	if !any {
		return g, fmt.Errorf("no %s or %s in the exposition: is this vLLM's /metrics?", metricWaiting, metricRunning)
	}
	return g, nil
}

// sample splits `name{labels} value [timestamp]`, skipping quoted label
// values that may hold spaces or braces.
func sample(line string) (string, float64, bool) {
	i := strings.IndexAny(line, "{ \t")
	if i < 0 {
		return "", 0, false
	}
	name, rest := line[:i], line[i:]
	if rest[0] == '{' {
		inQuote, esc, end := false, false, -1
		for j := 1; j < len(rest) && end < 0; j++ {
			c := rest[j]
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inQuote = !inQuote
			case c == '}' && !inQuote:
				end = j
			}
		}
		if end < 0 {
			return "", 0, false
		}
		rest = rest[end+1:]
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return "", 0, false
	}
	v, err := strconv.ParseFloat(f[0], 64)
	return name, v, err == nil
}

// VLLMStats summarise the scrapes taken during one step.
type VLLMStats struct {
	Samples         int     `json:"samples"`
	Failures        int     `json:"failures"`
	MaxWaiting      float64 `json:"max_waiting"`
	MeanWaiting     float64 `json:"mean_waiting"`
	MaxRunning      float64 `json:"max_running"`
	MaxKVCacheUsage float64 `json:"max_kv_cache_usage"`
	MeanKVCache     float64 `json:"mean_kv_cache_usage"`
	KVMetric        string  `json:"kv_metric,omitempty"`
	LastError       string  `json:"last_error,omitempty"`
}

// sampler scrapes a vLLM /metrics URL at an interval until stopped.
type sampler struct {
	url      string
	client   *http.Client
	interval time.Duration

	mu             sync.Mutex
	st             VLLMStats
	sumW, sumKV    float64
	stop           context.CancelFunc
	done           chan struct{}
	sampleDeadline time.Duration
}

func startSampler(ctx context.Context, url string, client *http.Client, interval time.Duration) *sampler {
	ctx, cancel := context.WithCancel(ctx)
	s := &sampler{url: url, client: client, interval: interval, stop: cancel, done: make(chan struct{}), sampleDeadline: min(interval, 5*time.Second)}
	go func() {
		defer close(s.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			s.scrape(ctx, false)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// scrape reads the gauges once. A scrape cut short by stop is not
// recorded unless it is the final one (finish makes a last attempt when no
// scrape got through, so a step shorter than one scrape still has a sample).
func (s *sampler) scrape(parent context.Context, final bool) {
	ctx, cancel := context.WithTimeout(parent, s.sampleDeadline)
	defer cancel()
	g, err := func() (VLLMGauges, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
		if err != nil {
			return VLLMGauges{}, err
		}
		resp, err := s.client.Do(req)
		if err != nil {
			return VLLMGauges{}, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return VLLMGauges{}, fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		return ParseVLLMMetrics(resp.Body)
	}()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		if final || parent.Err() == nil {
			s.st.Failures++
			s.st.LastError = err.Error()
		}
		return
	}
	s.st.Samples++
	s.sumW += g.Waiting
	s.sumKV += g.KVCacheUsage
	s.st.MaxWaiting = max(s.st.MaxWaiting, g.Waiting)
	s.st.MaxRunning = max(s.st.MaxRunning, g.Running)
	s.st.MaxKVCacheUsage = max(s.st.MaxKVCacheUsage, g.KVCacheUsage)
	if g.KVMetric != "" {
		s.st.KVMetric = g.KVMetric
	}
}

// finish stops the sampler and returns its summary. When no scrape got
// through (the step ended before the first answered), it scrapes once more
// under ctx, the run's context.
func (s *sampler) finish(ctx context.Context) *VLLMStats {
	s.stop()
	<-s.done
	s.mu.Lock()
	none := s.st.Samples == 0
	s.mu.Unlock()
	if none {
		s.scrape(ctx, true)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	if st.Samples > 0 {
		st.MeanWaiting = s.sumW / float64(st.Samples)
		st.MeanKVCache = s.sumKV / float64(st.Samples)
	}
	return &st
}
