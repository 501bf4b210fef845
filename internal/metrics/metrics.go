// Package metrics holds AppenCorrect's Prometheus metrics: a registry per
// server (no global state), HTTP middleware that counts and times requests
// by route, and the Observer interface through which the pipeline and the
// LLM engine report engine latency, cache lookups, fallbacks and the state
// of each vLLM endpoint.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric of the service.
const Namespace = "appencorrect"

// Observer receives events from the check pipeline and the engines. All
// methods are safe for concurrent use and cheap; Nop discards everything.
type Observer interface {
	// EngineDone reports one engine call: engine is "builtin" or "llm",
	// outcome "ok", "error", "timeout", "truncated", "unparsable", "panic".
	EngineDone(engine, outcome string, d time.Duration)
	// CacheLookup reports a result-cache lookup.
	CacheLookup(hit bool)
	// Fallback reports that the fallback engine answered because the
	// primary failed for reason (a short fixed word such as "timeout").
	Fallback(from, to, reason string)
	// LLMRequestDone reports one HTTP call to a vLLM endpoint, named by
	// its slot number (llm.EndpointStats.Label: "0", "1", ..., never its
	// address), with outcome from llm.CallOutcome's closed set, how long it
	// waited for an in-flight slot before being sent, and how long it took.
	// The LLM client calls it (llm.CallObserver).
	LLMRequestDone(endpoint, outcome string, queued, d time.Duration)
}

// EndpointStat is the state of one vLLM endpoint at a moment.
type EndpointStat struct {
	// Endpoint is the endpoint's label: its slot number, never its
	// address (metrics may be scraped by anyone who reaches them).
	Endpoint string
	InFlight int // requests sent and not answered
	Capacity int // the in-flight limit (vLLM --max-num-seqs); 0: none
	Healthy  bool
	// ServerRunning, ServerWaiting and KVCacheUsage are the server's own
	// gauges (vllm:num_requests_running, vllm:num_requests_waiting,
	// vllm:kv_cache_usage_perc) at the client's last poll.
	ServerRunning, ServerWaiting, KVCacheUsage float64
	Served, Failed                             uint64
}

// LLMStats is the LLM client's state at a moment: its endpoints, the
// requests waiting for a slot on any of them, and cumulative refusals.
type LLMStats struct {
	Endpoints []EndpointStat
	Queued    int
	// Saturated counts requests refused because the queue was full or the
	// wait timed out; Unavailable those refused because every endpoint was
	// down.
	Saturated, Unavailable uint64
}

// LLMSource reports the LLM client's state when Prometheus scrapes.
type LLMSource interface {
	LLMStats() LLMStats
}

// LLMSourceFunc adapts a function to LLMSource.
type LLMSourceFunc func() LLMStats

// LLMStats implements LLMSource.
func (f LLMSourceFunc) LLMStats() LLMStats { return f() }

// Nop is an Observer that records nothing.
type Nop struct{}

// EngineDone implements Observer.
func (Nop) EngineDone(string, string, time.Duration) {}

// CacheLookup implements Observer.
func (Nop) CacheLookup(bool) {}

// Fallback implements Observer.
func (Nop) Fallback(string, string, string) {}

// LLMRequestDone implements Observer.
func (Nop) LLMRequestDone(string, string, time.Duration, time.Duration) {}

// Metrics is one registry and its collectors. Build it with New.
type Metrics struct {
	reg *prometheus.Registry

	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec
	httpInFlight prometheus.Gauge
	engine       *prometheus.HistogramVec
	cache        *prometheus.CounterVec
	fallbacks    *prometheus.CounterVec
	llmRequests  *prometheus.HistogramVec
	llmQueueWait *prometheus.HistogramVec
	rateLimited  *prometheus.CounterVec
}

// Latency buckets from 1 ms (built-in engine) to 60 s (a long text on a
// loaded GPU).
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20, 30, 60}

// New returns metrics on a fresh registry, with the Go runtime and process
// collectors and an appencorrect_build_info gauge.
func New(version string) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "http_requests_total",
		Help: "HTTP requests by route, method and status code."}, []string{"endpoint", "method", "code"})
	m.httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "http_request_duration_seconds",
		Help: "HTTP request latency by route, method and status code.", Buckets: latencyBuckets}, []string{"endpoint", "method", "code"})
	m.httpInFlight = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Name: "http_requests_in_flight",
		Help: "HTTP requests being served."})
	m.engine = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "engine_duration_seconds",
		Help: "Correction engine latency by engine and outcome.", Buckets: latencyBuckets}, []string{"engine", "outcome"})
	m.cache = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "cache_lookups_total",
		Help: "Result cache lookups by result (hit, miss)."}, []string{"result"})
	m.fallbacks = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "fallbacks_total",
		Help: "Checks answered by the fallback engine, by primary engine, fallback engine and reason."}, []string{"from", "to", "reason"})
	m.llmRequests = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "llm_request_duration_seconds",
		Help: "Calls to vLLM endpoints by endpoint and outcome.", Buckets: latencyBuckets}, []string{"endpoint", "outcome"})
	m.llmQueueWait = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "llm_queue_wait_seconds",
		Help: "Time a call waited for an in-flight slot of a vLLM endpoint.", Buckets: latencyBuckets}, []string{"endpoint"})
	m.rateLimited = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "rate_limited_total",
		Help: "Requests refused with 429, by scope: demo (per-client demo limit), key (per-key limit), overload (no capacity)."}, []string{"scope"})
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: Namespace, Name: "build_info",
		Help: "Always 1; the version label names the build."}, []string{"version"})
	build.WithLabelValues(version).Set(1)

	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.httpRequests, m.httpDuration, m.httpInFlight, m.engine, m.cache, m.fallbacks, m.llmRequests, m.llmQueueWait, m.rateLimited, build)
	// Pre-create the label sets that should read 0 rather than be absent.
	m.cache.WithLabelValues("hit")
	m.cache.WithLabelValues("miss")
	for _, s := range []string{"demo", "key", "overload"} {
		m.rateLimited.WithLabelValues(s)
	}
	return m
}

// Registry is the registry, for tests and for registering more collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// EngineDone implements Observer.
func (m *Metrics) EngineDone(engine, outcome string, d time.Duration) {
	m.engine.WithLabelValues(engine, outcome).Observe(d.Seconds())
}

// CacheLookup implements Observer.
func (m *Metrics) CacheLookup(hit bool) {
	if hit {
		m.cache.WithLabelValues("hit").Inc()
	} else {
		m.cache.WithLabelValues("miss").Inc()
	}
}

// Fallback implements Observer.
func (m *Metrics) Fallback(from, to, reason string) {
	m.fallbacks.WithLabelValues(from, to, reason).Inc()
}

// LLMRequestDone implements Observer. The endpoint label is bounded by
// its source: the LLM client's slot numbers stay as few as the endpoints
// alive at once, as the gauges of WatchLLM, whatever the replicas' churn.
func (m *Metrics) LLMRequestDone(endpoint, outcome string, queued, d time.Duration) {
	m.llmRequests.WithLabelValues(endpoint, outcome).Observe(d.Seconds())
	m.llmQueueWait.WithLabelValues(endpoint).Observe(queued.Seconds())
}

// WatchLLM exports src's state at every scrape:
// appencorrect_llm_endpoint_{in_flight,capacity,up,server_running,
// server_waiting,kv_cache_usage,served_total,failed_total}{endpoint},
// appencorrect_llm_queued and appencorrect_llm_refused_total{reason}.
func (m *Metrics) WatchLLM(src LLMSource) error {
	return m.reg.Register(&llmCollector{src: src})
}

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(Namespace+"_"+name, help, labels, nil)
}

var (
	descInFlight = desc("llm_endpoint_in_flight", "Requests sent to a vLLM endpoint and not yet answered.", "endpoint")
	descCapacity = desc("llm_endpoint_capacity", "In-flight limit of a vLLM endpoint (its --max-num-seqs); 0: none.", "endpoint")
	descUp       = desc("llm_endpoint_up", "1 when the endpoint takes requests (not ejected), else 0.", "endpoint")
	descRunning  = desc("llm_endpoint_server_running", "vllm:num_requests_running of the endpoint at the last poll.", "endpoint")
	descWaiting  = desc("llm_endpoint_server_waiting", "vllm:num_requests_waiting of the endpoint at the last poll: requests queued inside vLLM.", "endpoint")
	descKV       = desc("llm_endpoint_kv_cache_usage", "vllm:kv_cache_usage_perc of the endpoint at the last poll (0..1).", "endpoint")
	descServed   = desc("llm_endpoint_served_total", "Requests the endpoint answered.", "endpoint")
	descFailed   = desc("llm_endpoint_failed_total", "Requests to the endpoint that failed.", "endpoint")
	descQueued   = desc("llm_queued", "Requests waiting in this process for an in-flight slot on any vLLM endpoint.")
	descRefused  = desc("llm_refused_total", "Requests the LLM client refused: saturated (queue full or wait timed out) or unavailable (every endpoint down).", "reason")
)

type llmCollector struct{ src LLMSource }

func (c *llmCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descInFlight, descCapacity, descUp, descRunning, descWaiting, descKV, descServed, descFailed, descQueued, descRefused} {
		ch <- d
	}
}

func (c *llmCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.src.LLMStats()
	g := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	cnt := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	for _, e := range st.Endpoints {
		up := 0.0
		if e.Healthy {
			up = 1
		}
		g(descInFlight, float64(e.InFlight), e.Endpoint)
		g(descCapacity, float64(e.Capacity), e.Endpoint)
		g(descUp, up, e.Endpoint)
		g(descRunning, e.ServerRunning, e.Endpoint)
		g(descWaiting, e.ServerWaiting, e.Endpoint)
		g(descKV, e.KVCacheUsage, e.Endpoint)
		cnt(descServed, e.Served, e.Endpoint)
		cnt(descFailed, e.Failed, e.Endpoint)
	}
	g(descQueued, float64(st.Queued))
	cnt(descRefused, st.Saturated, "saturated")
	cnt(descRefused, st.Unavailable, "unavailable")
}
