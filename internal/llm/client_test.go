package llm_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/llm"
	"appencorrect/internal/sim"
)

// startSim runs a simulator on addr ("127.0.0.1:0" for any port) and
// returns its URL and a stop function.
func startSim(t testing.TB, addr string, cfg sim.Config) (string, func()) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	s := sim.New(cfg)
	hs := &http.Server{Handler: s.Handler()}
	go hs.Serve(ln)
	var once sync.Once
	stop := func() {
		once.Do(func() {
			hs.Close()
			s.Close()
		})
	}
	t.Cleanup(stop)
	return "http://" + ln.Addr().String(), stop
}

func newClient(t testing.TB, cfg llm.Config) *llm.Client {
	t.Helper()
	if cfg.Model == "" {
		cfg.Model = "Qwen/Qwen2.5-7B-Instruct"
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 20 * time.Millisecond
	}
	c, err := llm.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

var replay = map[string]string{
	"I has a eror in grammer.":     "I have an error in grammar.",
	"She go to scool every day.":   "She goes to school every day.",
	"Their is a problem here":      "There is a problem here.",
	"This sentence is fine as is.": "This sentence is fine as is.",
}

func TestEngineAgainstSim(t *testing.T) {
	for _, mode := range []llm.OutputMode{llm.OutputText, llm.OutputJSON} {
		t.Run(string(mode), func(t *testing.T) {
			url, _ := startSim(t, "127.0.0.1:0", sim.Config{Latency: time.Millisecond, Replay: replay})
			c := newClient(t, llm.Config{URLs: []string{url}})
			e := llm.NewEngine(c, llm.EngineConfig{Mode: mode})
			ctx := context.Background()
			text := "  I has a eror in grammer. She go to scool every day.\n\nTheir is a problem here\n"
			res, err := e.Correct(ctx, text, language.Tag{Code: language.English, Variant: language.US}, "be formal")
			if err != nil {
				t.Fatal(err)
			}
			want := "  I have an error in grammar. She goes to school every day.\n\nThere is a problem here.\n"
			if res.Corrected != want {
				t.Errorf("corrected %q", res.Corrected)
			}
			got, err := correction.Apply(text, res.Corrections)
			if err != nil || got != want {
				t.Errorf("Apply: %q %v", got, err)
			}
			types := map[correction.Type]int{}
			for _, c := range res.Corrections {
				types[c.Type]++
				if c.Message == "" || c.Engine != "vllm" || text[c.Start:c.End] != c.Original {
					t.Errorf("correction %+v", c)
				}
			}
			if types[correction.Spelling] < 3 || types[correction.Grammar] < 1 {
				t.Errorf("types %v in %+v", types, res.Corrections)
			}
			if res.Usage.Calls != 1 || res.Usage.PromptTokens == 0 || res.Usage.CompletionTokens == 0 {
				t.Errorf("usage %+v", res.Usage)
			}
			// Chat: the raw call.
			out, u, err := c.Chat(ctx, []llm.Message{{Role: "user", Content: "Text:\nI has a eror in grammer."}}, nil)
			if err != nil || out != "I have an error in grammar." || u.CompletionTokens == 0 {
				t.Errorf("Chat: %q %+v %v", out, u, err)
			}
		})
	}
}

func TestFaultsAreErrors(t *testing.T) {
	tests := []struct {
		name   string
		faults sim.Faults
		want   []error // one of them
	}{
		{"truncated", sim.Faults{TruncateRate: 1}, []error{llm.ErrTruncated}},
		// The apology is longer than max_tokens allows: truncated, or
		// rejected as no correction when it fits.
		{"malformed", sim.Faults{MalformedRate: 1}, []error{llm.ErrOverCorrection, llm.ErrTruncated}},
		{"server error", sim.Faults{ErrorRate: 1}, []error{llm.ErrUnavailable, errStatus500}},
		{"dropped", sim.Faults{DropRate: 1}, []error{llm.ErrUnavailable, io.EOF}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, _ := startSim(t, "127.0.0.1:0", sim.Config{Latency: time.Millisecond, Faults: tt.faults})
			c := newClient(t, llm.Config{URLs: []string{url}, Retries: 3, Balancer: llm.BalancerConfig{EjectAfter: 2}})
			e := llm.NewEngine(c, llm.EngineConfig{})
			res, err := e.Correct(context.Background(), "We was going to the market yesterday. It were raining all day long.", language.Tag{}, "")
			if err == nil {
				t.Fatalf("no error: %+v", res)
			}
			ok := false
			for _, w := range tt.want {
				var se *llm.StatusError
				ok = ok || errors.Is(err, w) || w == errStatus500 && errors.As(err, &se) && se.Code == 500
			}
			if !ok {
				t.Errorf("error %v, want one of %v", err, tt.want)
			}
		})
	}
}

var errStatus500 = errors.New("status 500")

func TestHangTimesOut(t *testing.T) {
	url, _ := startSim(t, "127.0.0.1:0", sim.Config{Latency: time.Millisecond, Faults: sim.Faults{HangRate: 1}})
	c := newClient(t, llm.Config{URLs: []string{url}, Timeout: 50 * time.Millisecond, Retries: -1})
	start := time.Now()
	_, _, err := c.Chat(context.Background(), []llm.Message{{Role: "user", Content: "hi"}}, nil)
	if err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("err %v after %v", err, time.Since(start))
	}
}

func TestFailoverAndReturn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mn := newMemNet()
		good, _ := mn.start(t, "10.0.0.1:8000", sim.Config{Latency: time.Millisecond})
		bad, stopBad := mn.start(t, "10.0.0.2:8000", sim.Config{Latency: time.Millisecond})
		c := newClient(t, llm.Config{URLs: []string{good, bad}, Transport: mn, Balancer: llm.BalancerConfig{EjectMin: 20 * time.Millisecond}})
		ctx := context.Background()
		msgs := []llm.Message{{Role: "user", Content: "Text:\nHello."}}
		stopBad()
		for i := range 20 {
			if _, _, err := c.Chat(ctx, msgs, nil); err != nil {
				t.Fatalf("call %d with one endpoint down: %v", i, err)
			}
		}
		st := c.Stats()
		healthy := 0
		for _, e := range st.Endpoints {
			if e.Healthy {
				healthy++
			}
		}
		if healthy != 1 || st.Ejections == 0 {
			t.Errorf("stats %+v", st)
		}
		if ok, detail := c.Health(); !ok || !strings.Contains(detail, "1 of 2") {
			t.Errorf("health %v %q", ok, detail)
		}
		// The bad one comes back on the same address: within two poll
		// intervals (20 ms each) the poller restores it.
		mn.start(t, "10.0.0.2:8000", sim.Config{Latency: time.Millisecond})
		time.Sleep(40 * time.Millisecond)
		synctest.Wait()
		if ok, detail := c.Health(); !ok || !strings.Contains(detail, "2 model endpoint(s) up") {
			t.Errorf("endpoint not restored after two polls: %v %q", ok, detail)
		}
	})
}

// countingTransport counts the chat requests that reach the network.
type countingTransport struct {
	http.RoundTripper
	chats atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/chat/completions") {
		c.chats.Add(1)
	}
	return c.RoundTripper.RoundTrip(r)
}

// TestAllDownFailsFast: once every endpoint is ejected, a call fails at
// once without trying the network (counted, not timed: a loaded machine
// cannot make it flaky).
func TestAllDownFailsFast(t *testing.T) {
	url, stop := startSim(t, "127.0.0.1:0", sim.Config{Latency: time.Millisecond})
	rt := &countingTransport{RoundTripper: http.DefaultTransport.(*http.Transport).Clone()}
	c := newClient(t, llm.Config{URLs: []string{url}, Transport: rt, Balancer: llm.BalancerConfig{EjectMin: time.Hour}})
	stop()
	ctx := context.Background()
	msgs := []llm.Message{{Role: "user", Content: "hi"}}
	if _, _, err := c.Chat(ctx, msgs, nil); !errors.Is(err, llm.ErrUnavailable) {
		t.Fatalf("first call: %v", err)
	}
	tried := rt.chats.Load() // 0 when the health poller ejected it first
	if _, _, err := c.Chat(ctx, msgs, nil); !errors.Is(err, llm.ErrUnavailable) {
		t.Errorf("second call: %v", err)
	}
	if n := rt.chats.Load(); n != tried {
		t.Errorf("second call sent %d request(s) to an ejected endpoint (the breaker should be open)", n-tried)
	}
	if ok, _ := c.Health(); ok {
		t.Error("healthy with every endpoint down")
	}
}

func TestCapAndQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mn := newMemNet()
		url, _ := mn.start(t, "10.0.0.1:8000", sim.Config{Latency: 200 * time.Millisecond, MaxNumSeqs: -1})
		c := newClient(t, llm.Config{URLs: []string{url}, Transport: mn,
			Balancer: llm.BalancerConfig{MaxNumSeqs: 2, QueueSize: 2, QueueTimeout: 50 * time.Millisecond}})
		var ok, saturated atomic.Int64
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := c.Chat(context.Background(), []llm.Message{{Role: "user", Content: "hi"}}, nil)
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, llm.ErrSaturated):
					var se *llm.SaturatedError
					if !errors.As(err, &se) || se.RetryAfter <= 0 {
						t.Errorf("no retry-after in %v", err)
					}
					saturated.Add(1)
				default:
					t.Errorf("unexpected error %v", err)
				}
			}()
			// Each request has its slot, its place in the queue or its
			// refusal before the next one comes.
			synctest.Wait()
		}
		wg.Wait()
		if ok.Load() != 2 || saturated.Load() != 4 {
			t.Errorf("ok %d saturated %d, want 2 and 4", ok.Load(), saturated.Load())
		}
		st := c.Stats()
		if st.Saturated != 4 || st.Waited != 2 || st.Queued != 0 {
			t.Errorf("stats %+v", st.BalancerStats)
		}
	})
}

// fakeResolver answers from a map that tests change.
type fakeResolver struct {
	mu    sync.Mutex
	addrs map[string][]netip.Addr
}

func (r *fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a, ok := r.addrs[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return a, nil
}

func TestDNSExpansion(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mn := newMemNet()
		mn.start(t, "127.0.0.1:8000", sim.Config{Latency: time.Millisecond})
		mn.start(t, "127.0.0.2:8000", sim.Config{Latency: time.Millisecond})
		res := &fakeResolver{addrs: map[string][]netip.Addr{"vllm.test": {netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("127.0.0.2")}}}
		c := newClient(t, llm.Config{URLs: []string{"http://vllm.test:8000"}, Resolver: res, Transport: mn, DNSRefresh: 30 * time.Millisecond})
		if n := len(c.Stats().Endpoints); n != 2 {
			t.Fatalf("%d endpoints, want 2", n)
		}
		for range 10 {
			if _, _, err := c.Chat(context.Background(), []llm.Message{{Role: "user", Content: "hi"}}, nil); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range c.Stats().Endpoints {
			if e.Served == 0 {
				t.Errorf("endpoint %s served nothing", e.Name)
			}
		}
		res.mu.Lock()
		res.addrs["vllm.test"] = []netip.Addr{netip.MustParseAddr("127.0.0.1")}
		res.mu.Unlock()
		// One refresh interval later the replica that left is gone.
		time.Sleep(30 * time.Millisecond)
		synctest.Wait()
		if eps := c.Stats().Endpoints; len(eps) != 1 || !strings.Contains(eps[0].Name, "127.0.0.1") {
			t.Errorf("after the refresh: %+v", eps)
		}
	})
}

func TestServerInfo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mn := newMemNet()
		url, _ := mn.start(t, "10.0.0.1:8000", sim.Config{Latency: time.Millisecond, MaxModelLen: 8192})
		c := newClient(t, llm.Config{URLs: []string{url + "/v1"}, Transport: mn})
		// The client reads /v1/models in the background: once nothing is
		// left to run, it knows the context length.
		synctest.Wait()
		if c.MaxModelLen() != 8192 {
			t.Errorf("max model len %d", c.MaxModelLen())
		}
		s := "A sentence to count the tokens of."
		if got, want := c.Tokens(s), llm.EstimateTokens(s); got != want {
			t.Errorf("Tokens %d, want %d (the simulator counts with the estimate)", got, want)
		}
	})
}

func TestBearerAndHostedPaths(t *testing.T) {
	var gotAuth, gotPath atomic.Value
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth.Store(r.Header.Get("Authorization"))
		gotPath.Store(r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"choices":[{"message":{"content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}`))
	}))
	defer ts.Close()
	c := newClient(t, llm.Config{URLs: []string{ts.URL + "/v1beta/openai/"}, APIKey: "k123", Hosted: true, Model: "gemini-2.0-flash"})
	out, _, err := c.Chat(context.Background(), []llm.Message{{Role: "user", Content: "hi"}}, nil)
	if err != nil || out != "ok" {
		t.Fatal(out, err)
	}
	if gotAuth.Load() != "Bearer k123" || gotPath.Load() != "/v1beta/openai/chat/completions" {
		t.Errorf("auth %v path %v", gotAuth.Load(), gotPath.Load())
	}
}

// TestNoGoroutineLeak: checks through the client, failures and timeouts
// included, leave no goroutine behind once the client is closed: the
// bubble fails the test if any of its goroutines is still blocked when it
// ends.
func TestNoGoroutineLeak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mn := newMemNet()
		url, stop := mn.start(t, "10.0.0.1:8000", sim.Config{Latency: time.Millisecond,
			Faults: sim.Faults{ErrorRate: 0.2, HangRate: 0.1, DropRate: 0.1}, Seed: 7})
		defer stop()
		c, err := llm.New(context.Background(), llm.Config{URLs: []string{url}, Model: "Qwen/Qwen2.5-7B-Instruct", Transport: mn,
			Timeout: 30 * time.Millisecond, PollInterval: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var wg sync.WaitGroup
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.Chat(context.Background(), []llm.Message{{Role: "user", Content: "Text:\nhello there"}}, nil)
			}()
		}
		wg.Wait()
	})
}

// callRecorder records the calls a client reports.
type callRecorder struct {
	mu    sync.Mutex
	calls []string
}

func (r *callRecorder) LLMRequestDone(endpoint, outcome string, _, _ time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, endpoint+" "+outcome)
}

// TestCallsAreObserved: every call to an endpoint is reported with an
// outcome from the closed set, so the per-call histograms fill.
func TestCallsAreObserved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mn := newMemNet()
		url, _ := mn.start(t, "10.0.0.1:8000", sim.Config{Latency: time.Millisecond})
		bad, _ := mn.start(t, "10.0.0.2:8000", sim.Config{Latency: time.Millisecond, Faults: sim.Faults{ErrorRate: 1}})
		rec := &callRecorder{}
		c := newClient(t, llm.Config{URLs: []string{url}, Transport: mn, Observer: rec})
		if _, _, err := c.Chat(context.Background(), []llm.Message{{Role: "user", Content: "Text:\nhi"}}, nil); err != nil {
			t.Fatal(err)
		}
		cb := newClient(t, llm.Config{URLs: []string{bad}, Transport: mn, Observer: rec, Retries: -1})
		if _, _, err := cb.Chat(context.Background(), []llm.Message{{Role: "user", Content: "Text:\nhi"}}, nil); err == nil {
			t.Fatal("a failing server answered")
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if len(rec.calls) != 2 || !strings.HasSuffix(rec.calls[0], " ok") || !strings.HasSuffix(rec.calls[1], " error") {
			t.Errorf("observed %v, want one ok and one error", rec.calls)
		}
	})
}
