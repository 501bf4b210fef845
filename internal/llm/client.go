// Package llm is AppenCorrect's model engine: a client for any
// OpenAI-compatible chat completions server (vLLM, llama.cpp's
// llama-server, Ollama, TGI, OpenAI, Gemini's OpenAI-compatible endpoint),
// a balancer over the replicas of a self-hosted server, the correction
// prompt, and the engine that turns the model's corrected text into exact
// corrections by alignment.
package llm

import (
	"appencorrect/internal/pipeline"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Errors of a model call. Each is wrapped with details; test with errors.Is.
var (
	// ErrTruncated: the server stopped at max_tokens or the context
	// (finish_reason "length"). The caller retries on a smaller text.
	ErrTruncated = errors.New("model output truncated (finish_reason length)")
	// ErrContextLength: the prompt does not fit the server's context.
	ErrContextLength = errors.New("prompt exceeds the model's context")
	// ErrRefused: the model refused or a content filter stopped it.
	ErrRefused = errors.New("model refused")
	// ErrInvalidOutput: the output is not what was asked for.
	ErrInvalidOutput = errors.New("invalid model output")
)

// StatusError is an HTTP error answer of the server.
type StatusError struct {
	Code int
	Body string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("model server answered %d: %s", e.Code, e.Body)
}

// Resolver looks host names up; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// CallObserver receives one report per call to an endpoint: the
// endpoint's slot label (EndpointStats.Label, never its address), the
// outcome (CallOutcome's closed set), how long the call waited for an
// in-flight slot and how long it took.
type CallObserver interface {
	LLMRequestDone(endpoint, outcome string, queued, d time.Duration)
}

// CallOutcome names err for a metric label: "ok", "timeout",
// "canceled", "truncated", "refused", "unparsable", "context_length",
// "busy" (the server answered 429) or "error".
func CallOutcome(err error) string {
	var se *StatusError
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, ErrTruncated):
		return "truncated"
	case errors.Is(err, ErrRefused):
		return "refused"
	case errors.Is(err, ErrInvalidOutput):
		return "unparsable"
	case errors.Is(err, ErrContextLength):
		return "context_length"
	case errors.As(err, &se) && se.Code == http.StatusTooManyRequests:
		return "busy"
	}
	return "error"
}

// Config configures a Client.
type Config struct {
	// URLs of the server: each a base URL ("http://vllm:8000",
	// "http://vllm:8000/v1", "https://api.openai.com/v1"). A bare server
	// URL gets /v1 appended. An http URL whose host is a name is resolved,
	// and every address becomes an endpoint (a Kubernetes headless Service
	// lists every replica), again every DNSRefresh.
	URLs   []string
	Model  string
	APIKey string
	// Hosted marks a hosted API (OpenAI, Gemini): no /health, /metrics or
	// /tokenize polling, no DNS expansion.
	Hosted bool
	// Timeout bounds one attempt of a call (default 20s); ConnectTimeout
	// bounds connecting (default 2s).
	Timeout        time.Duration
	ConnectTimeout time.Duration
	// Retries after a failed attempt, on another endpoint when there is
	// one (default 2; -1 none).
	Retries int
	// MaxModelLen is the server's context in tokens; 0 reads it from
	// /v1/models (vLLM's max_model_len), else 4096 (32768 when Hosted).
	MaxModelLen int
	// PollInterval of /health and /metrics (default 1s; below 0 off).
	PollInterval time.Duration
	// DNSRefresh is how often host names are resolved again (default
	// 30s; below 0 off: the URL is used as it is).
	DNSRefresh time.Duration
	Balancer   BalancerConfig
	// Resolver defaults to net.DefaultResolver; Transport to a pooled
	// http.Transport sized for the concurrency.
	Resolver  Resolver
	Transport http.RoundTripper
	Logger    *slog.Logger
	// Observer, when set, is told of every call to an endpoint (the
	// appencorrect_llm_request_duration_seconds and _queue_wait_seconds
	// histograms).
	Observer CallObserver
}

// Prefix is a run of messages encoded once and sent before a request's
// own messages: the static part of a prompt.
type Prefix struct {
	Messages []Message
	encoded  []byte // the messages as JSON, comma-separated, no brackets
}

// NewPrefix encodes msgs.
func NewPrefix(msgs []Message) *Prefix {
	b, _ := json.Marshal(msgs)
	return &Prefix{Messages: msgs, encoded: b[1 : len(b)-1]}
}

// ChatRequest is one chat completion.
type ChatRequest struct {
	// Prefix, when set, comes before Messages.
	Prefix   *Prefix
	Messages []Message
	// Schema, when set, constrains the output with response_format
	// json_schema.
	Schema *Schema
	// MaxTokens bounds the output (0: the server's default).
	MaxTokens int
	// OnText, when set, streams the answer (stream: true): it is called
	// with the whole text received so far each time more arrives. A retry
	// on another endpoint starts again from an empty text. The finished
	// answer is validated as without streaming.
	OnText func(text string)
}

// Completion is a successful answer.
type Completion struct {
	Text         string
	FinishReason string
	Usage        pipeline.Usage
	Endpoint     string
}

// Client calls an OpenAI-compatible server. It is safe for concurrent use;
// Close stops its background polling.
type Client struct {
	cfg  Config
	http *http.Client
	bal  *Balancer
	log  *slog.Logger

	maxModelLen atomic.Int64
	// tokenRatio is the server's token count per estimated token, times
	// 1000 (1000 until measured).
	tokenRatio atomic.Int64
	infoOnce   sync.Once

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New returns a client; its background loops (health and metrics polling,
// DNS refresh) run until Close.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if len(cfg.URLs) == 0 {
		return nil, errors.New("llm: no server URL")
	}
	if cfg.Model == "" {
		return nil, errors.New("llm: no model name")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Second
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 2 * time.Second
	}
	if cfg.Retries == 0 {
		cfg.Retries = 2
	} else if cfg.Retries < 0 {
		cfg.Retries = 0
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.DNSRefresh == 0 {
		cfg.DNSRefresh = 30 * time.Second
	}
	if cfg.Resolver == nil {
		cfg.Resolver = net.DefaultResolver
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Transport == nil {
		cfg.Transport = newTransport(cfg.ConnectTimeout)
	}
	c := &Client{
		cfg:  cfg,
		http: &http.Client{Transport: cfg.Transport},
		bal:  newBalancer(cfg.Balancer),
		log:  cfg.Logger,
	}
	c.tokenRatio.Store(1000)
	switch {
	case cfg.MaxModelLen > 0:
		c.maxModelLen.Store(int64(cfg.MaxModelLen))
	case cfg.Hosted:
		c.maxModelLen.Store(32768)
	default:
		c.maxModelLen.Store(4096)
	}
	type src struct {
		raw string
		u   *url.URL
	}
	var srcs []src
	for _, raw := range cfg.URLs {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("llm: %q is not an http(s) URL", raw)
		}
		srcs = append(srcs, src{raw, u})
	}
	if len(srcs) == 0 {
		return nil, errors.New("llm: no server URL")
	}
	ctx, c.cancel = context.WithCancel(context.WithoutCancel(ctx))
	var dynamic []src
	for _, s := range srcs {
		if c.expands(s.u) {
			dynamic = append(dynamic, s)
			rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			c.resolve(rctx, s.raw, s.u)
			cancel()
			continue
		}
		c.bal.setEndpoints(s.raw, []*endpoint{c.newEndpoint(s.raw, s.u, "")})
	}
	if len(dynamic) > 0 && cfg.DNSRefresh > 0 {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			t := time.NewTicker(cfg.DNSRefresh)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
				for _, s := range dynamic {
					rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
					c.resolve(rctx, s.raw, s.u)
					cancel()
				}
			}
		}()
	}
	if !cfg.Hosted && cfg.PollInterval > 0 {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			c.pollLoop(ctx)
		}()
	}
	return c, nil
}

// Close stops the background loops and closes idle connections.
func (c *Client) Close() {
	c.cancel()
	c.wg.Wait()
	c.http.CloseIdleConnections()
}

// Model returns the model name requests are sent with.
func (c *Client) Model() string { return c.cfg.Model }

// Stats returns the balancer's state: in flight and queued per endpoint,
// health, server gauges.
func (c *Client) Stats() Stats { return c.bal.Stats() }

// Health reports whether some endpoint is up, with a summary.
func (c *Client) Health() (ok bool, detail string) { return c.bal.health() }

// MaxModelLen returns the server's context in tokens.
func (c *Client) MaxModelLen() int { return int(c.maxModelLen.Load()) }

// Tokens estimates the server's token count of s: EstimateTokens scaled
// by the ratio measured against the server's tokenizer.
func (c *Client) Tokens(s string) int {
	return (EstimateTokens(s)*int(c.tokenRatio.Load()) + 999) / 1000
}

func newTransport(connect time.Duration) *http.Transport {
	d := &net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          0, // no global limit
		MaxIdleConnsPerHost:   2048,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// expands reports whether u's host name is resolved into one endpoint per
// address.
func (c *Client) expands(u *url.URL) bool {
	if c.cfg.Hosted || c.cfg.DNSRefresh < 0 || u.Scheme != "http" {
		return false
	}
	_, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]"))
	return err != nil
}

// resolve replaces the endpoints of source by one per address of its
// host; on failure the current ones stay (or the name itself is used).
func (c *Client) resolve(ctx context.Context, source string, u *url.URL) {
	addrs, err := c.cfg.Resolver.LookupNetIP(ctx, "ip", u.Hostname())
	if err != nil || len(addrs) == 0 {
		c.log.Warn("llm: resolving the model server's name failed; keeping its endpoints", "url", source, "error", err)
		if !c.bal.hasSource(source) {
			c.bal.setEndpoints(source, []*endpoint{c.newEndpoint(source, u, "")})
		}
		return
	}
	// Prefer IPv4 when the name has both ("localhost").
	var v4 []netip.Addr
	for _, a := range addrs {
		if a.Unmap().Is4() {
			v4 = append(v4, a.Unmap())
		}
	}
	if len(v4) > 0 {
		addrs = v4
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	seen := map[netip.Addr]bool{}
	var eps []*endpoint
	for _, a := range addrs {
		if seen[a] {
			continue
		}
		seen[a] = true
		v := *u
		v.Host = net.JoinHostPort(a.String(), port)
		eps = append(eps, c.newEndpoint(source, &v, u.Host))
	}
	c.bal.setEndpoints(source, eps)
}

// newEndpoint derives the API base and server root of u.
func (c *Client) newEndpoint(source string, u *url.URL, hostHeader string) *endpoint {
	base := *u
	base.Path = strings.TrimRight(base.Path, "/")
	base.RawQuery, base.Fragment = "", ""
	var root *url.URL
	switch {
	case base.Path == "":
		r := base
		root = &r
		base.Path = "/v1"
	case strings.HasSuffix(base.Path, "/v1"):
		r := base
		r.Path = strings.TrimSuffix(r.Path, "/v1")
		root = &r
	}
	if c.cfg.Hosted {
		root = nil
	}
	return &endpoint{name: base.String(), base: &base, root: root, host: hostHeader, source: source}
}

// logReadmitted logs that e, ejected, is back in service: by "health"
// when its /health answered again (it had been unreachable), by "a
// request" when a probe request succeeded (it had failed requests). The
// slot is its label on /metrics; the log, like /health?detail=1, may name
// the address. A slot and a name never change once the endpoint is in
// the balancer, so they are read without its lock.
func (c *Client) logReadmitted(e *endpoint, by string) {
	c.log.Info("llm: endpoint re-admitted", "slot", e.slot, "endpoint", e.name, "by", by)
}

// pollLoop polls /health and /metrics of every endpoint, and once the
// server's context and tokenizer.
func (c *Client) pollLoop(ctx context.Context) {
	t := time.NewTicker(c.cfg.PollInterval)
	defer t.Stop()
	for {
		var wg sync.WaitGroup
		for _, e := range c.bal.endpoints() {
			if e.root == nil {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.poll(ctx, e)
			}()
		}
		wg.Wait()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (c *Client) poll(ctx context.Context, e *endpoint) {
	ctx, cancel := context.WithTimeout(ctx, max(c.cfg.PollInterval, 2*time.Second))
	defer cancel()
	resp, err := c.get(ctx, e, e.root.JoinPath("health"))
	if err != nil {
		if ctx.Err() == nil || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			c.bal.healthResult(e, false, isConnectError(err), err.Error())
		}
		return
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		c.bal.healthResult(e, false, false, fmt.Sprintf("/health answered %d", resp.StatusCode))
		return
	}
	if c.bal.healthResult(e, true, false, "") {
		c.logReadmitted(e, "health")
	}
	c.infoOnce.Do(func() { go c.serverInfo(context.WithoutCancel(ctx), e) })
	resp, err = c.get(ctx, e, e.root.JoinPath("metrics"))
	if err != nil {
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return
	}
	m, err := parseMetrics(io.LimitReader(resp.Body, 8<<20))
	if err == nil && m.found {
		c.bal.metricsResult(e, m)
	}
}

// tokenizeSample calibrates EstimateTokens against the server's tokenizer.
const tokenizeSample = `I has a eror in grammer, dont you think? We organised the meeting at the centre; their going to be late. ` +
	`The quick brown fox jumps over the lazy dog, and "quotes", numbers like 3.14 and 2024, e-mail addresses, URLs.` + "\n" +
	`Nous avons organisé la réunion au centre-ville : ils vont être en retard. Accessibility, internationalization, responsibilities.`

// serverInfo reads the server's context from /v1/models and calibrates
// the token estimate with /tokenize (vLLM's or llama-server's shape).
func (c *Client) serverInfo(ctx context.Context, e *endpoint) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if c.cfg.MaxModelLen <= 0 {
		if resp, err := c.get(ctx, e, e.base.JoinPath("models")); err == nil {
			var body struct {
				Data []struct {
					ID          string `json:"id"`
					MaxModelLen int    `json:"max_model_len"`
					Meta        struct {
						NCtxTrain int `json:"n_ctx_train"`
					} `json:"meta"`
				} `json:"data"`
			}
			if json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body) == nil {
				for _, m := range body.Data {
					if m.MaxModelLen > 0 && (m.ID == c.cfg.Model || len(body.Data) == 1) {
						c.maxModelLen.Store(int64(m.MaxModelLen))
						c.log.Info("llm: model context", "max_model_len", m.MaxModelLen, "endpoint", e.name)
					}
				}
			}
			resp.Body.Close()
		}
	}
	n, err := c.tokenize(ctx, e, tokenizeSample)
	if err != nil || n <= 0 {
		c.log.Info("llm: server has no tokenizer endpoint; using the token estimate as it is", "endpoint", e.name, "error", err)
		return
	}
	ratio := int64(n) * 1000 / int64(EstimateTokens(tokenizeSample))
	c.tokenRatio.Store(max(ratio, 500))
	c.log.Info("llm: token estimate calibrated", "server_tokens", n, "estimated", EstimateTokens(tokenizeSample), "ratio", float64(ratio)/1000)
}

// tokenize counts the tokens of s with the server's tokenizer: vLLM's
// /tokenize {"prompt"} → {"count"}, else llama-server's {"content"} →
// {"tokens"}.
func (c *Client) tokenize(ctx context.Context, e *endpoint, s string) (int, error) {
	try := func(body any) (int, error) {
		b, _ := json.Marshal(body)
		resp, err := c.post(ctx, e, e.root.JoinPath("tokenize"), b)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			return 0, &StatusError{Code: resp.StatusCode}
		}
		var out struct {
			Count  *int              `json:"count"`
			Tokens []json.RawMessage `json:"tokens"`
		}
		if err := json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(&out); err != nil {
			return 0, fmt.Errorf("tokenize answer: %w", err)
		}
		if out.Count != nil {
			return *out.Count, nil
		}
		return len(out.Tokens), nil
	}
	n, err := try(map[string]any{"model": c.cfg.Model, "prompt": s, "add_special_tokens": false})
	if err == nil && n > 0 {
		return n, nil
	}
	return try(map[string]any{"content": s})
}

func (c *Client) get(ctx context.Context, e *endpoint, u *url.URL) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	c.decorate(req, e)
	return c.http.Do(req)
}

func (c *Client) post(ctx context.Context, e *endpoint, u *url.URL, body []byte) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	c.decorate(req, e)
	return c.http.Do(req)
}

func (c *Client) decorate(req *http.Request, e *endpoint) {
	if e.host != "" {
		req.Host = e.host
	}
	if c.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
}

// wireRequest is the chat completions request body.
type wireRequest struct {
	Model          string          `json:"model"`
	Messages       []Message       `json:"messages"`
	Temperature    float64         `json:"temperature"`
	MaxTokens      int             `json:"max_tokens,omitempty"`
	Stream         bool            `json:"stream"`
	ResponseFormat *responseFormat `json:"response_format,omitempty"`
	StreamOptions  *streamOptions  `json:"stream_options,omitempty"`
}

type responseFormat struct {
	Type       string      `json:"type"`
	JSONSchema *jsonSchema `json:"json_schema,omitempty"`
}

type jsonSchema struct {
	Name   string          `json:"name"`
	Strict bool            `json:"strict"`
	Schema json.RawMessage `json:"schema"`
}

type wireResponse struct {
	Choices []struct {
		Message struct {
			Content *string `json:"content"`
			Refusal *string `json:"refusal"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage struct {
		PromptTokens        int `json:"prompt_tokens"`
		CompletionTokens    int `json:"completion_tokens"`
		PromptTokensDetails *struct {
			CachedTokens int `json:"cached_tokens"`
		} `json:"prompt_tokens_details"`
	} `json:"usage"`
}

// Chat runs one chat completion and returns the assistant's text: the
// raw call for features other than corrections (quality assessment). A
// schema, when given, constrains the output (response_format json_schema).
// Truncated output (finish_reason length) and refusals are errors.
func (c *Client) Chat(ctx context.Context, messages []Message, schema *Schema) (string, pipeline.Usage, error) {
	comp, err := c.Complete(ctx, ChatRequest{Messages: messages, Schema: schema})
	if err != nil {
		return "", pipeline.Usage{}, err
	}
	return comp.Text, comp.Usage, nil
}

// Complete runs one chat completion at temperature 0, retrying on another
// endpoint after connection failures, server errors and timeouts. When the
// server answered but the answer is unusable (ErrTruncated, ErrRefused,
// ErrInvalidOutput) the completion is returned with the error, for its
// token usage.
func (c *Client) Complete(ctx context.Context, cr ChatRequest) (*Completion, error) {
	body, err := c.encode(cr)
	if err != nil {
		return nil, fmt.Errorf("encoding the request: %w", err)
	}
	var lastErr error
	for attempt := 0; attempt <= c.cfg.Retries; attempt++ {
		if attempt > 0 {
			d := time.Duration(float64(50*time.Millisecond<<attempt) * (0.5 + rand.Float64()))
			select {
			case <-ctx.Done():
				return nil, fmt.Errorf("%w (after: %w)", ctx.Err(), lastErr)
			case <-time.After(d):
			}
		}
		t0 := time.Now()
		e, err := c.bal.acquire(ctx)
		if err != nil {
			if lastErr != nil && errors.Is(err, ErrUnavailable) {
				return nil, fmt.Errorf("%w; last error: %w", err, lastErr)
			}
			return nil, err
		}
		t1 := time.Now()
		comp, retry, err := c.attempt(ctx, e, body, cr.OnText)
		if c.cfg.Observer != nil {
			c.cfg.Observer.LLMRequestDone(strconv.Itoa(e.slot), CallOutcome(err), t1.Sub(t0), time.Since(t1))
		}
		if err == nil {
			return comp, nil
		}
		lastErr = err
		if !retry || ctx.Err() != nil {
			// comp, when the server answered (truncated, refused), carries
			// the tokens spent.
			return comp, err
		}
		c.log.Debug("llm: attempt failed", "endpoint", e.name, "attempt", attempt, "error", err)
	}
	return nil, lastErr
}

// encode renders the request body; a Prefix is copied in as encoded.
func (c *Client) encode(cr ChatRequest) ([]byte, error) {
	wr := wireRequest{Model: c.cfg.Model, Messages: cr.Messages, MaxTokens: cr.MaxTokens}
	if cr.OnText != nil {
		wr.Stream = true
		wr.StreamOptions = &streamOptions{IncludeUsage: true}
	}
	if cr.Schema != nil {
		wr.ResponseFormat = &responseFormat{Type: "json_schema", JSONSchema: &jsonSchema{Name: cr.Schema.Name, Strict: true, Schema: cr.Schema.Schema}}
	}
	if cr.Prefix == nil || len(cr.Prefix.encoded) == 0 {
		return json.Marshal(wr)
	}
	if wr.Messages == nil {
		wr.Messages = []Message{}
	}
	body, err := json.Marshal(wr)
	if err != nil {
		return nil, err
	}
	// Splice the prefix in after `"messages":[`.
	i := bytes.Index(body, []byte(`"messages":[`))
	if i < 0 {
		return nil, errors.New("no messages field")
	}
	i += len(`"messages":[`)
	out := make([]byte, 0, len(body)+len(cr.Prefix.encoded)+1)
	out = append(out, body[:i]...)
	out = append(out, cr.Prefix.encoded...)
	if len(cr.Messages) > 0 {
		out = append(out, ',')
	}
	return append(out, body[i:]...), nil
}

// attempt runs one call on e and releases it; retry says whether another
// attempt may succeed.
func (c *Client) attempt(ctx context.Context, e *endpoint, body []byte, onText func(string)) (comp *Completion, retry bool, err error) {
	verdict, errText := outcomeNone, ""
	defer func() {
		if c.bal.release(e, verdict, errText) {
			c.logReadmitted(e, "a request")
		}
	}()
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	resp, err := c.post(actx, e, e.base.JoinPath("chat", "completions"), body)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, fmt.Errorf("model call to %s: %w", e.name, ctx.Err())
		}
		verdict, errText = outcomeFail, err.Error()
		if isConnectError(err) {
			verdict = outcomeConnect
		}
		return nil, true, fmt.Errorf("model call to %s: %w", e.name, err)
	}
	defer resp.Body.Close()
	if onText != nil && resp.StatusCode == http.StatusOK {
		var wr wireResponse
		wr, err = readStream(resp.Body, onText)
		if err != nil {
			if ctx.Err() != nil {
				return nil, false, fmt.Errorf("model call to %s: %w", e.name, ctx.Err())
			}
			verdict, errText = outcomeFail, err.Error()
			return nil, true, fmt.Errorf("reading the streamed answer of %s: %w", e.name, err)
		}
		verdict = outcomeOK
		comp, err = completion(wr, e.name)
		return comp, false, err
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, fmt.Errorf("model call to %s: %w", e.name, ctx.Err())
		}
		verdict, errText = outcomeFail, err.Error()
		return nil, true, fmt.Errorf("reading the answer of %s: %w", e.name, err)
	}
	if resp.StatusCode != http.StatusOK {
		se := &StatusError{Code: resp.StatusCode, Body: errorText(raw)}
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			// Alive but busy: no verdict, try elsewhere.
			return nil, true, se
		case resp.StatusCode >= 500:
			verdict, errText = outcomeFail, se.Error()
			return nil, true, se
		case resp.StatusCode == http.StatusBadRequest && isContextError(se.Body):
			verdict = outcomeOK
			return nil, false, fmt.Errorf("%w: %w", ErrContextLength, se)
		}
		verdict = outcomeOK
		return nil, false, se
	}
	var wr wireResponse
	if err := json.Unmarshal(raw, &wr); err != nil || len(wr.Choices) == 0 {
		verdict, errText = outcomeFail, "unparsable answer"
		return nil, true, fmt.Errorf("%w: unparsable answer from %s: %q", ErrInvalidOutput, e.name, truncate(string(raw), 200))
	}
	verdict = outcomeOK
	comp, err = completion(wr, e.name)
	return comp, false, err
}

// completion checks a parsed answer: refusals, filtered, truncated and
// empty answers are errors, returned with the completion for its usage.
func completion(wr wireResponse, endpoint string) (*Completion, error) {
	ch := wr.Choices[0]
	comp := &Completion{FinishReason: ch.FinishReason, Endpoint: endpoint, Usage: pipeline.Usage{
		PromptTokens: wr.Usage.PromptTokens, CompletionTokens: wr.Usage.CompletionTokens, Calls: 1}}
	if d := wr.Usage.PromptTokensDetails; d != nil {
		comp.Usage.CachedPromptTokens = d.CachedTokens
	}
	if ch.Message.Content != nil {
		comp.Text = *ch.Message.Content
	}
	switch {
	case ch.Message.Refusal != nil && *ch.Message.Refusal != "":
		return comp, fmt.Errorf("%w: %s", ErrRefused, truncate(*ch.Message.Refusal, 200))
	case ch.FinishReason == "content_filter":
		return comp, fmt.Errorf("%w: content filter", ErrRefused)
	case ch.FinishReason == "length":
		return comp, ErrTruncated
	case ch.Message.Content == nil:
		return comp, fmt.Errorf("%w: no content", ErrInvalidOutput)
	}
	return comp, nil
}

// errorText extracts an OpenAI-style error message.
func errorText(raw []byte) string {
	var e struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(raw, &e) == nil {
		var inner struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(e.Error, &inner) == nil && inner.Message != "" {
			return truncate(inner.Message, 500)
		}
		var s string
		if json.Unmarshal(e.Error, &s) == nil && s != "" {
			return truncate(s, 500)
		}
		if e.Message != "" {
			return truncate(e.Message, 500)
		}
	}
	return truncate(strings.TrimSpace(string(raw)), 500)
}

func isContextError(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "context length") || strings.Contains(m, "maximum context") ||
		strings.Contains(m, "context size") || strings.Contains(m, "exceeds the available context") ||
		strings.Contains(m, "too many tokens") || strings.Contains(m, "max_model_len")
}

// isConnectError reports failures to reach the server at all.
func isConnectError(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}
