package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"appencorrect/internal/config"
	"appencorrect/internal/llm"
	"appencorrect/internal/llm/gecdata"
	"appencorrect/internal/pipeline"
	"appencorrect/internal/sim"
)

// sseEvent is one server-sent event.
type sseEvent struct{ name, data string }

// readEvents reads a whole event stream.
func readEvents(t testing.TB, r io.Reader) []sseEvent {
	t.Helper()
	var out []sseEvent
	var ev sseEvent
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.name != "" || ev.data != "" {
				out = append(out, ev)
			}
			ev = sseEvent{}
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "event: "):
			ev.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			ev.data += strings.TrimPrefix(line, "data: ")
		default:
			t.Errorf("unexpected line %q", line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// startSimServer serves a simulator on a local port for the test.
func startSimServer(t testing.TB, cfg sim.Config) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := sim.New(cfg)
	hs := &http.Server{Handler: s.Handler()}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close(); s.Close() })
	return "http://" + ln.Addr().String()
}

// newLLMServer is a server whose engine is the LLM engine over the model
// server at url.
func newLLMServer(t testing.TB, url string, opts ...pipeline.Option) *httptest.Server {
	t.Helper()
	c, err := llm.New(context.Background(), llm.Config{URLs: []string{url}, Model: "Qwen/Qwen2.5-7B-Instruct", PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cfg := config.Default()
	cfg.DemoRateLimit = 0
	s := New(cfg, Deps{Pipeline: pipeline.New(llm.NewEngine(c, llm.EngineConfig{}), nil, opts...), Version: "test"})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

var processingTime = regexp.MustCompile(`"processing_time":"[0-9.]+s"`)

// sameAnswer reports whether two check answers are equal byte for byte
// but for the processing time, which is measured.
func sameAnswer(a, b []byte) bool {
	n := []byte(`"processing_time":"-"`)
	return bytes.Equal(processingTime.ReplaceAll(a, n), processingTime.ReplaceAll(b, n))
}

type streamOutcome struct {
	events []sseEvent
	result []byte
	// kept is the corrections sent less those withdrawn, as JSON.
	kept        []string
	corrections int // corrections events
	withdrawn   int
}

// postStream posts text to the stream endpoint and checks the stream's
// shape: corrections and withdraw events, then one result last; each
// correction sent once unless withdrawn.
func postStream(t testing.TB, url, text string) streamOutcome {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"text": text, "language": "en-US"})
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d, %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	var o streamOutcome
	o.events = readEvents(t, resp.Body)
	for i, ev := range o.events {
		switch ev.name {
		case "corrections":
			var d struct {
				Span        [2]int            `json:"span"`
				Corrections []json.RawMessage `json:"corrections"`
			}
			if err := json.Unmarshal([]byte(ev.data), &d); err != nil {
				t.Fatalf("corrections event %q: %v", ev.data, err)
			}
			o.corrections++
			for _, c := range d.Corrections {
				var pos struct {
					Position [2]int `json:"position"`
				}
				json.Unmarshal(c, &pos)
				if pos.Position[0] < d.Span[0] || pos.Position[1] > d.Span[1] {
					t.Errorf("correction %s outside its span %v", c, d.Span)
				}
				if slices.Contains(o.kept, string(c)) {
					t.Errorf("correction %s sent twice", c)
				}
				o.kept = append(o.kept, string(c))
			}
		case "withdraw":
			var d struct {
				Corrections []json.RawMessage `json:"corrections"`
			}
			if err := json.Unmarshal([]byte(ev.data), &d); err != nil {
				t.Fatalf("withdraw event %q: %v", ev.data, err)
			}
			for _, c := range d.Corrections {
				k := slices.Index(o.kept, string(c))
				if k < 0 {
					t.Errorf("withdrawn %s was not sent", c)
					continue
				}
				o.kept = slices.Delete(o.kept, k, k+1)
				o.withdrawn++
			}
		case "result":
			if i != len(o.events)-1 {
				t.Errorf("result is event %d of %d", i+1, len(o.events))
			}
			o.result = []byte(ev.data)
		default:
			t.Errorf("event %q: %s", ev.name, ev.data)
		}
	}
	if o.result == nil {
		t.Fatalf("no result event in %v", o.events)
	}
	return o
}

// checkAgainst posts text to /demo/check and /demo/check/stream and
// compares them.
func checkAgainst(t testing.TB, base, text string) streamOutcome {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"text": text, "language": "en-US"})
	resp, err := http.Post(base+"/demo/check", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/demo/check: %d %s", resp.StatusCode, want)
	}
	o := postStream(t, base+"/demo/check/stream", text)
	if !sameAnswer(append(slices.Clone(o.result), '\n'), want) {
		t.Errorf("result event differs from /check for %q\n  stream %s\n  check  %s", text, o.result, want)
	}
	var res struct {
		Corrections []json.RawMessage `json:"corrections"`
	}
	json.Unmarshal(o.result, &res)
	var final []string
	for _, c := range res.Corrections {
		final = append(final, string(c))
	}
	slices.Sort(final)
	kept := slices.Sorted(slices.Values(o.kept))
	if !slices.Equal(kept, final) {
		t.Errorf("corrections streamed less withdrawn %v, result %v", kept, final)
	}
	return o
}

// TestCheckStreamReplay replays the JFLEG dev references through the
// simulator: for every sentence, and for documents of many sentences that
// are chunked, the stream's result event is /check's answer byte for byte
// (but the measured processing time), and the corrections streamed less
// those withdrawn are the result's.
func TestCheckStreamReplay(t *testing.T) {
	dir := gecdata.Dir(t)
	pairs, err := gecdata.Pairs(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	var srcs []string
	for _, p := range pairs {
		if p.Set != "jfleg" || p.Ref == "" {
			continue
		}
		if _, dup := m[p.Src]; dup {
			continue // the first reference of each source
		}
		m[p.Src] = p.Ref
		srcs = append(srcs, p.Src)
	}
	url := startSimServer(t, sim.Config{Latency: time.Millisecond, MaxNumSeqs: -1, Replay: m})
	ts := newLLMServer(t, url, pipeline.WithChunking(600, 4))
	var wg sync.WaitGroup
	work := make(chan string)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range work {
				checkAgainst(t, ts.URL, s)
			}
		}()
	}
	for _, s := range srcs {
		work <- s
	}
	close(work)
	wg.Wait()
	t.Logf("%d sentences", len(srcs))

	// Documents of several sentences, chunked (600 characters a chunk),
	// some with paragraph breaks.
	streamed := 0
	for i, docs := 0, 0; i < len(srcs) && docs < 20; docs++ {
		var src strings.Builder
		for ; i < len(srcs) && src.Len() < 2500; i++ {
			if src.Len() > 0 {
				sep := " "
				if i%7 == 0 {
					sep = "\n\n"
				}
				src.WriteString(sep)
			}
			src.WriteString(srcs[i])
		}
		o := checkAgainst(t, ts.URL, src.String())
		if !bytes.Contains(o.result, []byte(`"was_chunked":true`)) {
			t.Errorf("a document of %d bytes was not chunked", src.Len())
		}
		streamed += o.corrections
	}
	if streamed < 20*6 {
		t.Errorf("%d corrections events for 20 documents of 5 chunks: the sentences were not streamed as settled", streamed)
	}
}

// TestCheckStreamEngines: the built-in engine answers in one corrections
// event then the result; a check that fails before its first event is an
// ordinary JSON error.
func TestCheckStreamEngines(t *testing.T) {
	ts := newTestServer(t, config.Default())
	o := postStream(t, ts.URL+"/demo/check/stream", "😀 teh cat. And teh dog.")
	if o.corrections != 1 || len(o.events) != 2 || len(o.kept) != 2 {
		t.Errorf("events %v", o.events)
	}
	if !strings.Contains(o.events[0].data, `"span":[0,23],"span_utf16":[0,24]`) {
		t.Errorf("corrections event %s: want the whole text's span", o.events[0].data)
	}
	resp, m := post(t, ts.URL+"/demo/check/stream", "application/json", `{"text":"FAIL teh cat"}`)
	if resp.StatusCode != http.StatusServiceUnavailable || m["status"] != "error" {
		t.Errorf("failed check: %d %v", resp.StatusCode, m)
	}
}

// noFlusher is a ResponseWriter that cannot flush (a middleware that does
// not pass Flush on): the stream must still be written whole.
type noFlusher struct{ w http.ResponseWriter }

func (n noFlusher) Header() http.Header         { return n.w.Header() }
func (n noFlusher) Write(b []byte) (int, error) { return n.w.Write(b) }
func (n noFlusher) WriteHeader(code int)        { n.w.WriteHeader(code) }

// TestCheckStreamWithoutFlusher: http.ResponseController reports a writer
// that cannot flush with a wrapped http.ErrNotSupported; the stream takes
// it for what it is, not for a client gone, and sends every event.
func TestCheckStreamWithoutFlusher(t *testing.T) {
	s := New(config.Default(), Deps{Pipeline: pipeline.New(fakeEngine{}, nil), Version: "test"})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/demo/check/stream", strings.NewReader(`{"text":"Teh cat sat."}`))
	req.Header.Set("Content-Type", "application/json")
	s.Handler().ServeHTTP(noFlusher{rec}, req)
	evs := readEvents(t, rec.Body)
	if rec.Code != 200 || len(evs) == 0 || evs[len(evs)-1].name != "result" {
		t.Errorf("%d %v, want the events up to result", rec.Code, evs)
	}
}
