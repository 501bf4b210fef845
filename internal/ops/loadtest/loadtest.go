// Package loadtest drives an AppenCorrect check endpoint (/demo/check,
// /check or /v2/check) with a sequential baseline, concurrency (or arrival
// rate) steps and a sustained phase, validates every response (its shape,
// its offsets, and that its processed_text belongs to its own request), and
// reports requests/s, latency percentiles and errors by kind as JSON,
// Markdown and an SVG chart. Every phase is bounded in time and count.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Mode is how load is generated.
type Mode string

// Load modes.
const (
	// Closed is a fixed number of users, each sending a request, waiting
	// for the answer, thinking, and sending the next.
	Closed Mode = "closed"
	// Open is a fixed arrival rate, whatever the answers' latency: it shows
	// queueing that a closed loop hides.
	Open Mode = "open"
)

// Config is one load test.
type Config struct {
	URL    string
	APIKey string
	// Stream sends each request to URL's event stream (URL + "/stream",
	// for /check and /demo/check) and measures the time to the first
	// correction beside the time to the whole answer.
	Stream bool
	// Language is sent with each request; empty sends none (original API)
	// or "auto" (LanguageTool).
	Language string
	// Texts are cycled; each request appends a unique marker sentence.
	Texts []string
	Mode  Mode
	// Concurrency lists the closed-loop steps (users); Rates the open-loop
	// steps (requests/s).
	Concurrency []int
	Rates       []float64
	// StepDuration bounds each step; MaxRequestsPerStep caps its count.
	StepDuration       time.Duration
	MaxRequestsPerStep int
	// Baseline sequential requests run first (0: none).
	Baseline int
	// Sustain runs a last, longer phase at SustainConcurrency users (or
	// SustainRate) when positive.
	Sustain            time.Duration
	SustainConcurrency int
	SustainRate        float64
	// ThinkTime is each closed-loop user's pause between requests (drawn
	// uniformly in [0.5, 1.5] × ThinkTime).
	ThinkTime time.Duration
	// Timeout bounds one request; MaxDuration the whole run.
	Timeout     time.Duration
	MaxDuration time.Duration
	// MaxInFlight caps open-loop requests in flight; arrivals beyond it
	// count as client_overload errors.
	MaxInFlight int
	// MetricsURL is a vLLM /metrics URL sampled every SampleInterval
	// during each phase; empty: none.
	MetricsURL     string
	SampleInterval time.Duration
	// Progress receives a progress bar (a terminal); nil: none.
	Progress io.Writer
	Client   *http.Client
	Seed     uint64
}

// Defaults fills unset fields.
func (c *Config) defaults() {
	if c.Mode == "" {
		c.Mode = Closed
	}
	if len(c.Texts) == 0 {
		c.Texts = DefaultTexts
	}
	if c.StepDuration <= 0 {
		c.StepDuration = 10 * time.Second
	}
	if c.MaxRequestsPerStep <= 0 {
		c.MaxRequestsPerStep = 100000
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.MaxDuration <= 0 {
		c.MaxDuration = 15 * time.Minute
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 2000
	}
	if c.SampleInterval <= 0 {
		c.SampleInterval = time.Second
	}
	if c.Client == nil {
		c.Client = NewClient(c.MaxInFlight)
	}
	if c.Seed == 0 {
		c.Seed = uint64(time.Now().UnixNano())
	}
}

// NewClient is an HTTP client that keeps enough idle connections for n
// concurrent requests.
func NewClient(n int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = n
	t.MaxIdleConnsPerHost = n
	return &http.Client{Transport: t}
}

// DefaultTexts are short texts with typical errors.
var DefaultTexts = []string{
	"I has a eror in grammer.",
	"This sentance has erors and bad grammer.",
	"Their going to the libary tomorow to study for there exams.",
	"The team have finished it's work, but the results was not what we expected.",
	"She dont like coffee, she prefer tea in the morning.",
	"Please recieve the attached document and let me no if you have any question.",
	"The annotator gave a clear and detailled explanation for the rating, which help the reviewer alot.",
	"We was very happy with the service and will definately come back again next year.",
}

// Step is one phase's result.
type Step struct {
	Phase             string         `json:"phase"` // baseline, step, sustained
	Mode              Mode           `json:"mode"`
	Concurrency       int            `json:"concurrency"`
	ArrivalRate       float64        `json:"arrival_rate,omitempty"`
	DurationS         float64        `json:"duration_s"`
	Requests          int            `json:"requests"`
	OK                int            `json:"ok"`
	Errors            int            `json:"errors"`
	ErrorsByKind      map[string]int `json:"errors_by_kind"`
	ErrorSample       string         `json:"error_sample,omitempty"`
	Degraded          int            `json:"degraded"`
	RequestsPerSecond float64        `json:"requests_per_second"`
	P50MS             float64        `json:"p50_ms"`
	P95MS             float64        `json:"p95_ms"`
	P99MS             float64        `json:"p99_ms"`
	MaxMS             float64        `json:"max_ms"`
	MeanMS            float64        `json:"mean_ms"`
	// TTFC*MS are the times to the first correction of streamed checks
	// (those that found any), from the request's start.
	TTFCP50MS float64 `json:"ttfc_p50_ms,omitempty"`
	TTFCP95MS float64 `json:"ttfc_p95_ms,omitempty"`
	TTFCP99MS float64 `json:"ttfc_p99_ms,omitempty"`
	TTFCCount int     `json:"ttfc_count,omitempty"`
	// MeanInFlight is requests/s × mean latency (Little's law): the
	// concurrency an open-loop step actually produced.
	MeanInFlight float64    `json:"mean_in_flight"`
	VLLM         *VLLMStats `json:"vllm,omitempty"`
}

// Report is a whole run.
type Report struct {
	// URL is the endpoint loaded and MetricsURL the vLLM metrics sampled,
	// each with any password in it redacted.
	URL        string    `json:"url"`
	API        API       `json:"api"`
	Mode       Mode      `json:"mode"`
	Started    time.Time `json:"started"`
	DurationS  float64   `json:"duration_s"`
	ThinkTimeS float64   `json:"think_time_s"`
	MetricsURL string    `json:"metrics_url,omitempty"`
	Steps      []Step    `json:"steps"`
	Requests   int       `json:"requests"`
	Errors     int       `json:"errors"`
	// Stopped says why the run ended early ("" when it ran every phase).
	Stopped string `json:"stopped,omitempty"`
}

// phase is one planned phase.
type phase struct {
	name        string
	concurrency int
	rate        float64
	duration    time.Duration
	maxRequests int
	sequential  bool
}

func (c *Config) phases() []phase {
	var ps []phase
	if c.Baseline > 0 {
		ps = append(ps, phase{name: "baseline", concurrency: 1, duration: c.StepDuration, maxRequests: c.Baseline, sequential: true})
	}
	if c.Mode == Open {
		for _, r := range c.Rates {
			ps = append(ps, phase{name: "step", rate: r, duration: c.StepDuration, maxRequests: c.MaxRequestsPerStep})
		}
		if c.Sustain > 0 && c.SustainRate > 0 {
			ps = append(ps, phase{name: "sustained", rate: c.SustainRate, duration: c.Sustain, maxRequests: c.MaxRequestsPerStep})
		}
	} else {
		for _, n := range c.Concurrency {
			ps = append(ps, phase{name: "step", concurrency: n, duration: c.StepDuration, maxRequests: c.MaxRequestsPerStep})
		}
		if c.Sustain > 0 && c.SustainConcurrency > 0 {
			ps = append(ps, phase{name: "sustained", concurrency: c.SustainConcurrency, duration: c.Sustain, maxRequests: c.MaxRequestsPerStep})
		}
	}
	return ps
}

// Validate reports a configuration that cannot run.
func (c *Config) Validate() error {
	api, err := DetectAPI(c.URL)
	if err != nil {
		return err
	}
	if c.Stream && (api != Original || !(strings.HasSuffix(c.URL, "/check") || strings.HasSuffix(c.URL, "/demo/check"))) {
		return fmt.Errorf("stream: the URL must end in /check or /demo/check (its stream is that path + /stream)")
	}
	if c.MetricsURL != "" {
		if _, err := parseHTTP(c.MetricsURL); err != nil {
			return fmt.Errorf("vLLM metrics: %w", err)
		}
	}
	switch c.Mode {
	case Closed, Open, "":
	default:
		return fmt.Errorf("mode %q: closed or open", c.Mode)
	}
	for _, n := range c.Concurrency {
		if n < 1 || n > 10000 {
			return fmt.Errorf("concurrency %d: must be 1..10000", n)
		}
	}
	for _, r := range c.Rates {
		if r <= 0 || r > 100000 {
			return fmt.Errorf("rate %g: must be in (0, 100000] requests/s", r)
		}
	}
	if c.Mode == Open && len(c.Rates) == 0 && c.Baseline == 0 {
		return errors.New("open loop needs --rate steps")
	}
	if c.Mode != Open && len(c.Concurrency) == 0 && c.Baseline == 0 {
		return errors.New("closed loop needs --concurrency steps")
	}
	for i, t := range c.Texts {
		if t == "" {
			return fmt.Errorf("text %d is empty", i+1)
		}
	}
	return nil
}

// Run executes the load test against cfg.URL and returns its report. It
// stops at ctx's end or MaxDuration, returning what it measured so far.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.defaults()
	api, _ := DetectAPI(cfg.URL)
	ctx, cancel := context.WithTimeout(ctx, cfg.MaxDuration)
	defer cancel()
	rep := &Report{URL: redact(cfg.URL), API: api, Mode: cfg.Mode, Started: time.Now(), ThinkTimeS: cfg.ThinkTime.Seconds(), MetricsURL: redact(cfg.MetricsURL)}
	r := &runner{cfg: cfg, api: api, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)), run: strconv.FormatUint(cfg.Seed%900+100, 10)}
	phases := cfg.phases()
	for i, p := range phases {
		if ctx.Err() != nil {
			break
		}
		st := r.phase(ctx, p, i+1, len(phases))
		rep.Steps = append(rep.Steps, st)
		rep.Requests += st.Requests
		rep.Errors += st.Errors
	}
	if err := ctx.Err(); err != nil {
		rep.Stopped = "stopped early: " + err.Error()
		if errors.Is(err, context.DeadlineExceeded) {
			rep.Stopped = fmt.Sprintf("stopped at --max-duration %s", cfg.MaxDuration)
		}
	}
	rep.DurationS = time.Since(rep.Started).Seconds()
	return rep, nil
}

type runner struct {
	cfg Config
	api API
	run string // 3 digits distinguishing this run's markers
	seq atomic.Uint64
	mu  sync.Mutex
	rng *rand.Rand
}

// next returns the next request's text and its unique marker. The marker
// is a sentence with a number, which spell checkers and models leave alone.
func (r *runner) next() (text, nonce string) {
	n := r.seq.Add(1)
	nonce = r.run + strconv.FormatUint(1000000+n, 10)
	base := r.cfg.Texts[int(n-1)%len(r.cfg.Texts)]
	return base + " Ticket " + nonce + ".", nonce
}

func (r *runner) think() time.Duration {
	if r.cfg.ThinkTime <= 0 {
		return 0
	}
	r.mu.Lock()
	f := 0.5 + r.rng.Float64()
	r.mu.Unlock()
	return time.Duration(f * float64(r.cfg.ThinkTime))
}

// recorder collects one phase's results.
type recorder struct {
	mu        sync.Mutex
	latencies []time.Duration
	ttfc      []time.Duration // streamed checks: time to the first correction
	kinds     map[string]int
	sample    string
	degraded  int
	requests  atomic.Int64
	errors    atomic.Int64
	last      time.Time
}

func (rc *recorder) add(o outcome, d time.Duration) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.last = time.Now()
	if o.kind != "" {
		rc.errors.Add(1)
		rc.kinds[o.kind]++
		if rc.sample == "" {
			rc.sample = o.kind + ": " + o.detail
		}
		return
	}
	rc.latencies = append(rc.latencies, d)
	if o.ttfc > 0 {
		rc.ttfc = append(rc.ttfc, o.ttfc)
	}
	if o.degraded {
		rc.degraded++
	}
}

// p95 is the current 95th percentile, for the progress bar.
func (rc *recorder) p95() time.Duration {
	rc.mu.Lock()
	l := slices.Clone(rc.latencies)
	rc.mu.Unlock()
	slices.Sort(l)
	return percentile(l, 95)
}

// do sends one request and records it; latency counts from start (the
// intended send time in open loop, so queueing in the tester is not hidden).
func (r *runner) do(ctx context.Context, rc *recorder, start time.Time) {
	rc.requests.Add(1)
	text, nonce := r.next()
	target := r.cfg.URL
	if r.cfg.Stream {
		target = strings.TrimSuffix(target, "/") + "/stream"
	}
	req, err := encode(r.api, target, text, r.cfg.Language, r.cfg.APIKey)
	if err != nil {
		rc.add(bad(KindConnection, "%v", err), 0)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	resp, err := r.cfg.Client.Do(req.WithContext(ctx))
	if err != nil {
		rc.add(classify(err), time.Since(start))
		return
	}
	var o outcome
	if r.cfg.Stream {
		o = validateStream(r.api, resp, text, nonce, start)
	} else {
		o = validate(r.api, resp, text, nonce)
	}
	resp.Body.Close()
	rc.add(o, time.Since(start))
}

func classify(err error) outcome {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return bad(KindTimeout, "%v", err)
	}
	return bad(KindConnection, "%v", err)
}

func (r *runner) phase(ctx context.Context, p phase, index, total int) Step {
	rc := &recorder{kinds: map[string]int{}}
	var smp *sampler
	if r.cfg.MetricsURL != "" {
		smp = startSampler(ctx, r.cfg.MetricsURL, r.cfg.Client, r.cfg.SampleInterval)
	}
	stepCtx, cancel := context.WithTimeout(ctx, p.duration)
	defer cancel()
	start := time.Now()
	stopBar := r.progress(rc, p, index, total, start)

	var wg sync.WaitGroup
	switch {
	case p.sequential:
		for i := 0; i < p.maxRequests && stepCtx.Err() == nil; i++ {
			r.do(ctx, rc, time.Now())
		}
	case p.rate > 0:
		var inFlight atomic.Int64
		interval := time.Duration(float64(time.Second) / p.rate)
		for i := 0; i < p.maxRequests; i++ {
			at := start.Add(time.Duration(i) * interval)
			if wait := time.Until(at); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-stepCtx.Done():
					t.Stop()
				case <-t.C:
				}
			}
			if stepCtx.Err() != nil {
				break
			}
			if inFlight.Load() >= int64(r.cfg.MaxInFlight) {
				rc.requests.Add(1)
				rc.add(bad(KindOverload, "%d requests in flight in the tester (--max-in-flight)", r.cfg.MaxInFlight), 0)
				continue
			}
			inFlight.Add(1)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer inFlight.Add(-1)
				r.do(ctx, rc, at)
			}()
		}
	default:
		var issued atomic.Int64
		for range p.concurrency {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for stepCtx.Err() == nil && issued.Add(1) <= int64(p.maxRequests) {
					r.do(ctx, rc, time.Now())
					if d := r.think(); d > 0 {
						t := time.NewTimer(d)
						select {
						case <-stepCtx.Done():
							t.Stop()
						case <-t.C:
						}
					}
				}
			}()
		}
	}
	wg.Wait()
	stopBar()
	elapsed := time.Since(start)
	st := summarize(rc, elapsed)
	st.Phase, st.Mode, st.Concurrency, st.ArrivalRate = p.name, r.cfg.Mode, p.concurrency, p.rate
	if p.sequential {
		st.Mode = Closed
	}
	if p.rate > 0 {
		st.Concurrency = int(st.MeanInFlight + 0.5)
	}
	if smp != nil {
		st.VLLM = smp.finish(ctx)
	}
	return st
}

func summarize(rc *recorder, elapsed time.Duration) Step {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	l := rc.latencies
	slices.Sort(l)
	st := Step{
		DurationS:    elapsed.Seconds(),
		Requests:     int(rc.requests.Load()),
		OK:           len(l),
		Errors:       int(rc.errors.Load()),
		ErrorsByKind: rc.kinds,
		ErrorSample:  rc.sample,
		Degraded:     rc.degraded,
		P50MS:        ms(percentile(l, 50)),
		P95MS:        ms(percentile(l, 95)),
		P99MS:        ms(percentile(l, 99)),
	}
	if t := rc.ttfc; len(t) > 0 {
		slices.Sort(t)
		st.TTFCP50MS, st.TTFCP95MS, st.TTFCP99MS, st.TTFCCount = ms(percentile(t, 50)), ms(percentile(t, 95)), ms(percentile(t, 99)), len(t)
	}
	if len(l) > 0 {
		st.MaxMS = ms(l[len(l)-1])
		var sum time.Duration
		for _, d := range l {
			sum += d
		}
		st.MeanMS = ms(sum / time.Duration(len(l)))
	}
	if elapsed > 0 {
		st.RequestsPerSecond = round2(float64(st.OK) / elapsed.Seconds())
	}
	st.MeanInFlight = round2(st.RequestsPerSecond * st.MeanMS / 1000)
	return st
}

// percentile is the nearest-rank percentile of sorted latencies.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return round2(float64(d) / float64(time.Millisecond)) }

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// IsTerminal reports whether f is a character device (a terminal).
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
