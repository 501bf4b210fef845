package llm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"appencorrect/internal/correction"
	"appencorrect/internal/language"
	"appencorrect/internal/llm"
)

// TestLlamaServer proves the client against an independent
// OpenAI-compatible server: llama.cpp's llama-server, built from the source
// node-llama-cpp ships (scripts/llama-server/build.sh), loading a tiny
// random-weight model made here (scripts/llama-server/make-model.py). The
// model's words are gibberish; the requests, JSON-schema constrained
// output, truncation, context limits and concurrency are real.
//
//	APPENCORRECT_LLAMA_SERVER=$(scripts/llama-server/build.sh) go test ./internal/llm -run LlamaServer
func TestLlamaServer(t *testing.T) {
	bin := os.Getenv("APPENCORRECT_LLAMA_SERVER")
	if bin == "" {
		t.Skip("set APPENCORRECT_LLAMA_SERVER=$(scripts/llama-server/build.sh) to run against llama-server")
	}
	_, file, _, _ := runtime.Caller(0)
	repo := filepath.Join(filepath.Dir(file), "..", "..")
	ggufPy := os.Getenv("APPENCORRECT_GGUF_PY")
	if ggufPy == "" {
		ggufPy = filepath.Join(filepath.Dir(bin), "..", "..", "src", "gguf-py")
	}
	python := "python3"
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		python = "/usr/bin/python3" // Debian's, with python3-numpy
	}
	model := filepath.Join(t.TempDir(), "tiny.gguf")
	mk := exec.Command(python, filepath.Join(repo, "scripts", "llama-server", "make-model.py"), model)
	mk.Env = append(os.Environ(), "PYTHONPATH="+ggufPy)
	if out, err := mk.CombinedOutput(); err != nil {
		t.Fatalf("making the model: %v\n%s", err, out)
	}

	addr := freeLocalAddr(t)
	host, port, _ := strings.Cut(addr, ":")
	const slots, ctxPerSlot = 4, 4096
	srv := exec.Command(bin, "-m", model, "--host", host, "--port", port, "-c", "16384", "-np", "4",
		"-t", "2", "--metrics", "--no-jinja")
	logf, err := os.Create(filepath.Join(t.TempDir(), "llama-server.log"))
	if err != nil {
		t.Fatal(err)
	}
	// llama-server answers /health with 503 while it loads the model and
	// logs "listening on http://ADDR" once it is ready: that line is the
	// signal, read from its output as it is written.
	base := "http://" + addr
	out := &lineWatch{w: logf, marker: "listening on " + base, seen: make(chan struct{})}
	srv.Stdout, srv.Stderr = out, out
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var exitErr error
	go func() { exitErr = srv.Wait(); close(exited) }()
	t.Cleanup(func() {
		srv.Process.Kill()
		<-exited
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			t.Logf("llama-server log (tail):\n%s", tail(string(b), 3000))
		}
	})
	select {
	case <-out.seen:
	case <-exited:
		t.Fatalf("llama-server exited before it was ready: %v", exitErr)
	case <-time.After(90 * time.Second):
		t.Fatalf("llama-server did not log %q within 90 s", out.marker)
	}
	resp, err := http.Get(base + "/health")
	if err != nil {
		t.Fatalf("llama-server said it listens, but: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("llama-server said it listens, but /health answers %d", resp.StatusCode)
	}

	logs := &logSignals{}
	c := newClient(t, llm.Config{URLs: []string{base}, Model: "tiny", MaxModelLen: ctxPerSlot,
		Timeout: 60 * time.Second, Balancer: llm.BalancerConfig{MaxNumSeqs: slots}, Logger: slog.New(logs)})
	ctx := context.Background()
	user := []llm.Message{{Role: "system", Content: "Correct the text."}, {Role: "user", Content: "Text:\nI has a eror."}}

	t.Run("json schema", func(t *testing.T) {
		sch := &llm.Schema{Name: "correction", Schema: json.RawMessage(
			`{"type":"object","properties":{"corrected_text":{"type":"string","maxLength":24}},"required":["corrected_text"],"additionalProperties":false}`)}
		comp, err := c.Complete(ctx, llm.ChatRequest{Messages: user, Schema: sch, MaxTokens: 400})
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(strings.NewReader(comp.Text))
		dec.DisallowUnknownFields()
		var v struct {
			CorrectedText *string `json:"corrected_text"`
		}
		if err := dec.Decode(&v); err != nil || v.CorrectedText == nil {
			t.Errorf("output %q does not follow the schema: %v", comp.Text, err)
		}
		if comp.FinishReason != "stop" || comp.Usage.PromptTokens == 0 || comp.Usage.CompletionTokens == 0 {
			t.Errorf("finish %q usage %+v", comp.FinishReason, comp.Usage)
		}
	})

	t.Run("truncated", func(t *testing.T) {
		_, err := c.Complete(ctx, llm.ChatRequest{Messages: user, MaxTokens: 3})
		if !errors.Is(err, llm.ErrTruncated) {
			t.Errorf("max_tokens 3: %v, want ErrTruncated", err)
		}
	})

	t.Run("context limit", func(t *testing.T) {
		long := []llm.Message{{Role: "user", Content: "Text:\n" + strings.Repeat("abcdefgh ", 600)}}
		_, err := c.Complete(ctx, llm.ChatRequest{Messages: long, MaxTokens: 16})
		if !errors.Is(err, llm.ErrContextLength) {
			t.Errorf("a prompt over the context: %v, want ErrContextLength", err)
		}
		// The engine does not even send what cannot fit: it splits.
		e := llm.NewEngine(c, llm.EngineConfig{})
		_, err = e.Correct(ctx, strings.Repeat("word ", 3000), language.Tag{}, "")
		if err == nil {
			t.Error("a gibberish correction of a long text was accepted")
		}
	})

	t.Run("concurrency", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 12)
		for range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := c.Complete(ctx, llm.ChatRequest{Messages: user, MaxTokens: 8})
				if err != nil && !errors.Is(err, llm.ErrTruncated) {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if st := c.Stats(); st.Waited == 0 {
			t.Logf("no request waited for a slot: %+v", st.BalancerStats)
		}
	})

	t.Run("tokenizer calibration", func(t *testing.T) {
		// The byte-level vocabulary makes about one token per byte: the
		// client measures it with /tokenize.
		// The client calibrates in the background after its first poll,
		// and logs when it has.
		s := "A sentence long enough to measure the tokenizer with, twice over."
		select {
		case <-logs.seen("llm: token estimate calibrated"):
		case <-logs.seen("llm: server has no tokenizer endpoint; using the token estimate as it is"):
			t.Fatal("the client found no tokenizer endpoint")
		case <-time.After(time.Minute):
			t.Fatal("the client did not calibrate its token estimate within a minute")
		}
		if got := c.Tokens(s); got < len(s)/2 {
			t.Errorf("Tokens %d for %d bytes: the estimate was not calibrated", got, len(s))
		}
	})

	t.Run("engine never reports gibberish as clean", func(t *testing.T) {
		e := llm.NewEngine(c, llm.EngineConfig{Mode: llm.OutputJSON})
		text := "I has a eror in grammer, dont you think so my friend."
		res, err := e.Correct(ctx, text, language.Tag{Code: language.English}, "")
		t.Logf("engine on gibberish: err=%v, %d model calls", err, res.Usage.Calls)
		if err != nil {
			if !errors.Is(err, llm.ErrOverCorrection) && !errors.Is(err, llm.ErrTruncated) && !errors.Is(err, llm.ErrInvalidOutput) {
				t.Errorf("unexpected error kind: %v", err)
			}
			return
		}
		got, aerr := correction.Apply(text, res.Corrections)
		if aerr != nil || got != res.Corrected || (res.Corrected != text && len(res.Corrections) == 0) {
			t.Errorf("inconsistent result: %q %v %+v", got, aerr, res)
		}
	})

	llamaStreamTests(t, c)

	if ok, detail := c.Health(); !ok {
		t.Errorf("health: %s", detail)
	}
}

// lineWatch writes a process's output to w and closes seen at the first
// line that contains marker. Writes come from one goroutine (exec's copy
// of the process's shared stdout and stderr).
type lineWatch struct {
	w      io.Writer
	marker string
	seen   chan struct{}
	found  bool
	line   []byte
}

func (l *lineWatch) Write(p []byte) (int, error) {
	for rest := p; !l.found && len(rest) > 0; {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			l.line = append(l.line, rest...)
			break
		}
		l.line = append(l.line, rest[:i]...)
		if bytes.Contains(l.line, []byte(l.marker)) {
			l.found = true
			close(l.seen)
		}
		l.line, rest = l.line[:0], rest[i+1:]
	}
	return l.w.Write(p)
}

// logSignals is a slog handler that tells when a message has been logged.
type logSignals struct {
	mu  sync.Mutex
	chs map[string]chan struct{}
	got map[string]bool
}

// seen returns a channel closed once msg has been logged.
func (l *logSignals) seen(msg string) <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.chLocked(msg)
}

func (l *logSignals) chLocked(msg string) chan struct{} {
	if l.chs == nil {
		l.chs, l.got = map[string]chan struct{}{}, map[string]bool{}
	}
	ch, ok := l.chs[msg]
	if !ok {
		ch = make(chan struct{})
		l.chs[msg] = ch
	}
	return ch
}

func (l *logSignals) Enabled(context.Context, slog.Level) bool { return true }

func (l *logSignals) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ch := l.chLocked(r.Message); !l.got[r.Message] {
		l.got[r.Message] = true
		close(ch)
	}
	return nil
}

func (l *logSignals) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logSignals) WithGroup(string) slog.Handler      { return l }

func freeLocalAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
