package llm

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrUnavailable is returned when no endpoint can take a request: every
// one is ejected after failures (the circuit breaker is open). Callers fall
// back to another engine; the endpoints are probed again in the background.
var ErrUnavailable = errors.New("no model endpoint available (circuit open)")

// SaturatedError is returned when every endpoint is at its concurrency cap
// and the wait queue is full, or the wait outlasted the queue timeout. It
// maps to HTTP 503 with a Retry-After header.
type SaturatedError struct {
	RetryAfter time.Duration
	Reason     string
}

func (e *SaturatedError) Error() string {
	return fmt.Sprintf("model endpoints saturated: %s; retry after %s", e.Reason, e.RetryAfter)
}

// ErrSaturated matches every *SaturatedError with errors.Is.
var ErrSaturated = errors.New("model endpoints saturated")

// Is makes errors.Is(err, ErrSaturated) true.
func (e *SaturatedError) Is(target error) bool { return target == ErrSaturated }

// Auto-cap bounds (see BalancerConfig.MaxNumSeqs).
const (
	autoCapStart = 256
	autoCapMin   = 8
	autoCapMax   = 4096
)

// BalancerConfig tunes the balancer.
type BalancerConfig struct {
	// MaxNumSeqs caps the requests in flight to one endpoint; it should be
	// the server's --max-num-seqs. 0 learns it: the cap starts at 256,
	// halves towards what the server runs when its /metrics shows requests
	// waiting, and doubles when it was reached while the server had none
	// waiting. Below 0: no cap.
	MaxNumSeqs int
	// QueueSize bounds the requests waiting for a free endpoint.
	QueueSize int
	// QueueTimeout bounds one wait.
	QueueTimeout time.Duration
	// EjectAfter consecutive failures eject an endpoint (connection
	// failures eject at once); it is retried after a backoff from
	// EjectMin doubling to EjectMax, or as soon as its /health answers.
	EjectAfter         int
	EjectMin, EjectMax time.Duration
}

func (c *BalancerConfig) defaults() {
	if c.QueueSize <= 0 {
		c.QueueSize = 4096
	}
	if c.QueueTimeout <= 0 {
		c.QueueTimeout = 10 * time.Second
	}
	if c.EjectAfter <= 0 {
		c.EjectAfter = 3
	}
	if c.EjectMin <= 0 {
		c.EjectMin = time.Second
	}
	if c.EjectMax <= 0 {
		c.EjectMax = 30 * time.Second
	}
}

// endpoint is one server replica. Fields after mu's comment are guarded by
// the balancer's mutex.
type endpoint struct {
	name string // for logs and stats: the URL it is reached at
	// slot is the endpoint's metric label: the lowest number no other
	// live endpoint holds when it joined, kept while it lives. Replicas
	// come and go (DNS, spot nodes), so their addresses would make a new
	// series each; slots stay as few as the endpoints alive at once, and
	// never show an internal address.
	slot   int
	base   *url.URL // API base ending in /v1 (or the hosted API's base)
	root   *url.URL // server root for /health, /metrics, /tokenize; nil for hosted APIs
	host   string   // Host header to send when addressed by IP, else ""
	source string   // the configured URL this endpoint comes from

	// guarded by Balancer.mu
	inflight    int
	cap         int // 0: unlimited
	capHit      bool
	ejected     bool
	probing     bool
	removed     bool
	fails       int
	healthFails int
	// byHealth: ejected because the server was unreachable or its /health
	// failed, so a good /health restores it; ejections for failed requests
	// wait for their backoff and a probe request instead.
	byHealth bool
	// readmit: ejected for failed requests, but its /health answered
	// since: the next request probes it at once, without waiting for the
	// backoff, and /health counts it as up.
	readmit      bool
	backoff      time.Duration
	ejectedUntil time.Time
	lastErr      string
	running      float64
	waiting      float64
	kvUsage      float64
	metricsAt    time.Time
	served       uint64
	failed       uint64
}

// waiter is a request queued for an endpoint; ch receives the endpoint
// (its slot already taken) or nil when no endpoint is left.
type waiter struct {
	ch chan *endpoint
}

// Balancer spreads requests over endpoints: least outstanding requests
// (ours plus the server's own queue from its /metrics), each endpoint capped,
// a bounded FIFO wait queue with a timeout, and ejection of failing
// endpoints with exponential backoff (a circuit breaker per endpoint; the
// whole breaker is open when every endpoint is ejected).
type Balancer struct {
	cfg BalancerConfig
	now func() time.Time

	mu      sync.Mutex
	eps     []*endpoint
	waiters []*waiter
	next    int // round-robin start among equal scores
	stats   BalancerStats
}

// BalancerStats are cumulative counters.
type BalancerStats struct {
	Acquired    uint64 // requests given an endpoint
	Waited      uint64 // requests that had to wait in the queue
	Saturated   uint64 // requests refused: queue full or wait timed out
	Unavailable uint64 // requests refused: every endpoint ejected
	Ejections   uint64 // endpoint ejections
}

// EndpointStats is the state of one endpoint.
type EndpointStats struct {
	Name string
	// Slot is the endpoint's bounded metric label (see Label).
	Slot     int
	InFlight int
	Cap      int // 0: no cap
	Healthy  bool
	LastErr  string
	// Running, Waiting and KVCacheUsage are the server's gauges at the
	// last poll of its /metrics.
	Running, Waiting, KVCacheUsage float64
	Served, Failed                 uint64
}

// Label is the endpoint's metric label: its slot as a decimal number.
func (s EndpointStats) Label() string { return strconv.Itoa(s.Slot) }

// Stats is a snapshot of the balancer for metrics and /health.
type Stats struct {
	Endpoints []EndpointStats
	Queued    int // waiting now
	BalancerStats
}

func newBalancer(cfg BalancerConfig) *Balancer {
	cfg.defaults()
	return &Balancer{cfg: cfg, now: time.Now}
}

func (b *Balancer) initialCap() int {
	switch {
	case b.cfg.MaxNumSeqs > 0:
		return b.cfg.MaxNumSeqs
	case b.cfg.MaxNumSeqs == 0:
		return autoCapStart
	}
	return 0
}

// setEndpoints replaces the endpoint set of one source URL, keeping the
// state of endpoints that stay. Endpoints that go are removed once idle.
func (b *Balancer) setEndpoints(source string, eps []*endpoint) {
	b.mu.Lock()
	defer b.mu.Unlock()
	keep := map[string]bool{}
	for _, e := range eps {
		keep[e.name] = true
	}
	have := map[string]bool{}
	out := b.eps[:0]
	for _, e := range b.eps {
		if e.source == source && !keep[e.name] {
			e.removed = true
			if e.inflight > 0 {
				out = append(out, e)
			}
			continue
		}
		if e.source == source {
			e.removed = false
			have[e.name] = true
		}
		out = append(out, e)
	}
	used := make(map[int]bool, len(out))
	for _, e := range out {
		used[e.slot] = true
	}
	for _, e := range eps {
		if !have[e.name] {
			e.cap = b.initialCap()
			for e.slot = 0; used[e.slot]; e.slot++ {
			}
			used[e.slot] = true
			out = append(out, e)
		}
	}
	b.eps = out
	b.dispatchLocked()
}

// usableLocked reports whether e can take a request now, as a probe
// when it is ejected and its backoff has passed.
func (b *Balancer) usableLocked(e *endpoint, now time.Time) bool {
	if e.removed || (e.cap > 0 && e.inflight >= e.cap) {
		return false
	}
	if e.ejected {
		return !e.probing && !now.Before(e.ejectedUntil) && e.inflight == 0
	}
	return true
}

// pickLocked returns the usable endpoint with the fewest outstanding
// requests, or nil.
func (b *Balancer) pickLocked() *endpoint {
	now := b.now()
	var best *endpoint
	bestScore := 0.0
	n := len(b.eps)
	for k := range n {
		e := b.eps[(b.next+k)%n]
		if !b.usableLocked(e, now) {
			continue
		}
		score := float64(e.inflight) + e.waiting
		if e.ejected {
			score += 1e9 // probe only when nothing healthy is free
		}
		if best == nil || score < bestScore {
			best, bestScore = e, score
		}
	}
	if best != nil {
		b.next++
		best.inflight++
		if best.ejected {
			best.probing = true
		}
		if best.cap > 0 && best.inflight >= best.cap {
			best.capHit = true
		}
		b.stats.Acquired++
	}
	return best
}

// anyAliveLocked reports whether some endpoint is up (not ejected). When
// none is, requests fail at once with ErrUnavailable instead of queueing:
// the caller falls back while probes find out when the servers return.
func (b *Balancer) anyAliveLocked() bool {
	for _, e := range b.eps {
		if !e.removed && !e.ejected {
			return true
		}
	}
	return false
}

// acquire takes a slot on an endpoint, waiting in the queue when all are
// busy. The caller must release it.
func (b *Balancer) acquire(ctx context.Context) (*endpoint, error) {
	b.mu.Lock()
	if e := b.pickLocked(); e != nil {
		b.mu.Unlock()
		return e, nil
	}
	if !b.anyAliveLocked() {
		b.stats.Unavailable++
		b.mu.Unlock()
		return nil, ErrUnavailable
	}
	if len(b.waiters) >= b.cfg.QueueSize {
		b.stats.Saturated++
		b.mu.Unlock()
		return nil, &SaturatedError{RetryAfter: time.Second, Reason: fmt.Sprintf("%d requests already waiting", b.cfg.QueueSize)}
	}
	w := &waiter{ch: make(chan *endpoint, 1)}
	b.waiters = append(b.waiters, w)
	b.stats.Waited++
	b.mu.Unlock()

	timer := time.NewTimer(b.cfg.QueueTimeout)
	defer timer.Stop()
	var err error
	select {
	case e := <-w.ch:
		if e == nil {
			return nil, ErrUnavailable
		}
		return e, nil
	case <-ctx.Done():
		err = ctx.Err()
	case <-timer.C:
		err = &SaturatedError{RetryAfter: b.cfg.QueueTimeout, Reason: "waited " + b.cfg.QueueTimeout.String() + " for a free endpoint"}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if i := slices.Index(b.waiters, w); i >= 0 {
		b.waiters = slices.Delete(b.waiters, i, i+1)
	} else if e := <-w.ch; e != nil {
		// Given a slot while giving up: hand it on (no verdict, so no
		// re-admission to report).
		b.releaseLocked(e, outcomeNone, "")
	}
	if errors.Is(err, ErrSaturated) {
		b.stats.Saturated++
	}
	return nil, err
}

// outcome is how a request on an endpoint ended, for its breaker.
type outcome int

const (
	outcomeNone    outcome = iota // no verdict (cancelled by the caller)
	outcomeOK                     // the server answered
	outcomeFail                   // a server error or timeout
	outcomeConnect                // no connection: eject at once
)

// release returns a slot and records the outcome. It reports whether the
// outcome re-admitted e: a good answer to a probe of an ejected endpoint.
func (b *Balancer) release(e *endpoint, o outcome, errText string) (readmitted bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.releaseLocked(e, o, errText)
}

func (b *Balancer) releaseLocked(e *endpoint, o outcome, errText string) (readmitted bool) {
	e.inflight--
	wasProbe := e.probing && e.ejected
	if wasProbe {
		e.probing = false
	}
	switch o {
	case outcomeOK:
		e.served++
		readmitted = b.restoreLocked(e)
	case outcomeFail, outcomeConnect:
		e.failed++
		e.fails++
		e.lastErr = errText
		if o == outcomeConnect || wasProbe || e.fails >= b.cfg.EjectAfter {
			b.ejectLocked(e, errText)
			e.byHealth = o == outcomeConnect
		}
	}
	if e.removed && e.inflight == 0 {
		if i := slices.Index(b.eps, e); i >= 0 {
			b.eps = slices.Delete(b.eps, i, i+1)
		}
	}
	b.dispatchLocked()
	return readmitted
}

// restoreLocked clears e's failures and reports whether e was ejected
// (and is now back in service).
func (b *Balancer) restoreLocked(e *endpoint) bool {
	e.fails = 0
	e.lastErr = ""
	if !e.ejected {
		return false
	}
	e.ejected = false
	e.probing = false
	e.byHealth = false
	e.readmit = false
	e.backoff = 0
	return true
}

func (b *Balancer) ejectLocked(e *endpoint, reason string) {
	if e.ejected {
		// A failed probe: back off further.
		e.backoff = min(2*e.backoff, b.cfg.EjectMax)
	} else {
		e.ejected = true
		e.backoff = b.cfg.EjectMin
		b.stats.Ejections++
	}
	e.lastErr = reason
	e.readmit = false
	e.ejectedUntil = b.now().Add(e.backoff)
}

// dispatchLocked hands free slots to waiters in order, and fails them all
// when no endpoint is left alive.
func (b *Balancer) dispatchLocked() {
	for len(b.waiters) > 0 {
		e := b.pickLocked()
		if e == nil {
			break
		}
		w := b.waiters[0]
		b.waiters = b.waiters[1:]
		w.ch <- e
	}
	if len(b.waiters) > 0 && !b.anyAliveLocked() {
		for _, w := range b.waiters {
			w.ch <- nil
		}
		b.waiters = nil
	}
}

// healthResult records a background /health poll. A healthy answer
// restores an endpoint ejected because it was unreachable (and reports
// that it re-admitted it), or lets the next request probe one ejected for
// failed requests; a refused connection ejects at once, other failures
// after two polls in a row.
func (b *Balancer) healthResult(e *endpoint, ok, refused bool, errText string) (readmitted bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if ok {
		e.healthFails = 0
		switch {
		case e.ejected && e.byHealth && !e.probing:
			readmitted = b.restoreLocked(e)
			b.dispatchLocked()
		case e.ejected && !e.byHealth && !e.readmit:
			// Ejected for failed requests: the server is up again, so
			// the next request probes it now instead of after a backoff
			// of up to EjectMax; one good answer restores it.
			e.readmit = true
			e.backoff = b.cfg.EjectMin
			e.ejectedUntil = b.now()
			b.dispatchLocked()
		}
		return readmitted
	}
	e.readmit = false
	e.healthFails++
	if e.ejected {
		e.lastErr = errText
		return false
	}
	if refused || e.healthFails >= 2 {
		b.ejectLocked(e, errText)
		e.byHealth = true
		b.dispatchLocked()
	}
	return false
}

// metricsResult records the server gauges read from /metrics and adapts
// an automatic cap.
func (b *Balancer) metricsResult(e *endpoint, m serverMetrics) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e.running, e.waiting, e.kvUsage = m.running, m.waiting, m.kvUsage
	e.metricsAt = b.now()
	if b.cfg.MaxNumSeqs == 0 && e.cap > 0 {
		switch {
		case m.waiting > 0 && e.inflight > 0:
			// The server queues: our share of its queue is too much.
			share := m.waiting * float64(e.inflight) / max(m.running+m.waiting, 1)
			e.cap = max(autoCapMin, e.cap-int(share+0.5), e.cap/2)
		case m.waiting == 0 && e.capHit:
			e.cap = min(autoCapMax, 2*e.cap)
		}
		e.capHit = e.cap > 0 && e.inflight >= e.cap
		b.dispatchLocked()
	}
}

// hasSource reports whether some endpoint comes from source.
func (b *Balancer) hasSource(source string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.eps {
		if e.source == source && !e.removed {
			return true
		}
	}
	return false
}

// endpoints returns a copy of the endpoint list.
func (b *Balancer) endpoints() []*endpoint {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.eps)
}

// Stats returns a snapshot.
func (b *Balancer) Stats() Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := Stats{Queued: len(b.waiters), BalancerStats: b.stats}
	for _, e := range b.eps {
		s.Endpoints = append(s.Endpoints, EndpointStats{
			Name: e.name, Slot: e.slot, InFlight: e.inflight, Cap: e.cap, Healthy: !e.ejected && !e.removed,
			LastErr: e.lastErr, Running: e.running, Waiting: e.waiting, KVCacheUsage: e.kvUsage,
			Served: e.served, Failed: e.failed,
		})
	}
	return s
}

// health summarises the endpoints: ok when at least one is healthy. The
// detail lists every endpoint as "endpoint <slot> <URL> up" or "... down:
// <last error>": it names addresses, so it goes only to the log and to
// /health?detail=1, and it maps the slot labels of /metrics to addresses.
func (b *Balancer) health() (ok bool, detail string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	up, total := 0, 0
	var list []string
	for _, e := range b.eps {
		if e.removed {
			continue
		}
		total++
		state := "up"
		if !e.ejected || e.readmit {
			up++
		} else {
			state = "down: " + e.lastErr
		}
		list = append(list, "endpoint "+strconv.Itoa(e.slot)+" "+e.name+" "+state)
	}
	all := strings.Join(list, "; ")
	switch {
	case total == 0:
		return false, "no model endpoint resolved"
	case up == 0:
		return false, fmt.Sprintf("all %d model endpoints down (%s)", total, all)
	case up < total:
		return true, fmt.Sprintf("%d of %d model endpoints up (%s)", up, total, all)
	}
	return true, fmt.Sprintf("%d model endpoint(s) up (%s)", up, all)
}

// RetryAfterDuration tells how long to wait before retrying.
func (e *SaturatedError) RetryAfterDuration() time.Duration { return e.RetryAfter }
