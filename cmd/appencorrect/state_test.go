package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"appencorrect/internal/store"
	"appencorrect/internal/testsvc"
)

// stateRun runs the binary with extra environment and returns stdout.
func stateRun(t *testing.T, env []string, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("appencorrect %v: %v\n%s", args, err, errb.String())
	}
	return out.String()
}

// stateKey creates a key with the CLI, as an operator would.
func stateKey(t *testing.T, env []string, limit int) (secret, id string) {
	t.Helper()
	var k struct {
		APIKey string `json:"api_key"`
		KeyID  string `json:"key_id"`
	}
	out := stateRun(t, env, "", "keys", "create", "--name", "test", "--rate-limit-per-hour", fmt.Sprint(limit), "--json")
	if err := json.Unmarshal([]byte(out), &k); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return k.APIKey, k.KeyID
}

// stateServe starts `appencorrect serve` on a free port and returns its
// base URL and process.
func stateServe(t *testing.T, env []string) (string, *exec.Cmd) {
	t.Helper()
	base, cmd, _ := stateServeLogs(t, env)
	return base, cmd
}

// logWatch collects the "msg" of every log line a server writes, so that a
// test can wait for one (an explicit signal) instead of sleeping.
type logWatch struct {
	mu   sync.Mutex
	msgs []string
	more chan struct{} // closed and replaced at every line
}

func (l *logWatch) add(msg string) {
	l.mu.Lock()
	l.msgs = append(l.msgs, msg)
	close(l.more)
	l.more = make(chan struct{})
	l.mu.Unlock()
}

// count is how many times the server has logged msg so far.
func (l *logWatch) count(msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, m := range l.msgs {
		if m == msg {
			n++
		}
	}
	return n
}

// waitFor returns when the server has logged msg, or fails the test after
// a minute.
func (l *logWatch) waitFor(t *testing.T, msg string) {
	t.Helper()
	l.waitForMore(t, msg, 0)
}

// waitForMore returns when the server has logged msg more than n times
// (n from count: a line logged after that point), or fails the test after
// a minute.
func (l *logWatch) waitForMore(t *testing.T, msg string, n int) {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		seen := l.count(msg) > n
		l.mu.Lock()
		more := l.more
		l.mu.Unlock()
		if seen {
			return
		}
		select {
		case <-more:
		case <-timeout:
			t.Fatalf("the server never logged %q", msg)
		}
	}
}

// stateServeLogs is stateServe with the server's log messages.
func stateServeLogs(t *testing.T, env []string) (string, *exec.Cmd, *logWatch) {
	t.Helper()
	logs := &logWatch{more: make(chan struct{})}
	cmd := exec.Command(binary, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), append([]string{"LOG_FORMAT=json", "LOG_LEVEL=info"}, env...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				if msg, ok := m["msg"].(string); ok {
					logs.add(msg)
				}
				if m["msg"] == "listening" {
					addr <- m["addr"].(string)
				}
				if lvl, _ := m["level"].(string); lvl == "ERROR" {
					t.Logf("server: %s", sc.Text())
				}
			}
		}
	}()
	select {
	case a := <-addr:
		return "http://" + a, cmd, logs
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start")
	}
	return "", nil, nil
}

// waitGauge reads the metrics at url until the gauge name (any labels)
// reaches n, or fails the test after a minute: an explicit signal from
// another process, not a sleep.
func waitGauge(t *testing.T, url, name string, n float64) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	timeout := time.After(time.Minute)
	for {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, name+" ") || strings.HasPrefix(line, name+"{") {
				if f, _ := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64); f >= n {
					return
				}
			}
		}
		select {
		case <-tick.C:
		case <-timeout:
			t.Fatalf("%s never reached %v at %s", name, n, url)
		}
	}
}

func statePost(t *testing.T, url, key, body string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func stateStop(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("server exit: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop after SIGTERM")
	}
}

// Usage rows equal requests made, including requests in flight when the
// server receives SIGTERM: the recorder is flushed after the HTTP server
// has finished them.
func TestSIGTERMRecordsInFlightUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "usage.db")
	env := []string{"DATABASE_PATH=" + db, "SHUTDOWN_TIMEOUT=20s"}
	key, _ := stateKey(t, env, 10000)
	base, cmd, logs := stateServeLogs(t, env)
	const done, inflight = 25, 10
	for range done {
		if st := statePost(t, base+"/check", key, `{"text":"teh cat"}`); st != 200 {
			t.Fatalf("status %d", st)
		}
	}
	// Requests whose headers are sent and whose bodies are not finished:
	// the handlers are running (reading the body) when SIGTERM arrives.
	host := strings.TrimPrefix(base, "http://")
	body := `{"text":"the slow request"}`
	conns := make([]net.Conn, inflight)
	for i := range conns {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /check HTTP/1.1\r\nHost: %s\r\nX-API-Key: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
			host, key, len(body), body[:5])
		conns[i] = c
	}
	// Every handler is running (the server's in-flight gauge counts them,
	// and the scrape itself) before SIGTERM; then the server says it is
	// shutting down before the bodies are finished.
	waitGauge(t, base+"/metrics", "appencorrect_http_requests_in_flight", inflight+1)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	logs.waitFor(t, "shutting down: finishing requests in flight")
	for _, c := range conns {
		if _, err := io.WriteString(c, body[5:]); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("in-flight request: %d", resp.StatusCode)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("server exit: %v", err)
	}
	st, err := store.Open(context.Background(), store.Options{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.CountUsage(context.Background(), "", time.Now().Add(-time.Hour))
	if err != nil || n != done+inflight {
		t.Fatalf("%d usage rows (%v), want %d: %d finished before SIGTERM and %d in flight", n, err, done+inflight, done, inflight)
	}
}

// Two server processes sharing PostgreSQL and Redis: a key limited to N
// per hour gets exactly N successes from 3N concurrent requests spread over
// both; a key deactivated from the shell is refused by both within 5 s;
// usage rows equal the requests made to both.
func TestTwoServeProcesses(t *testing.T) {
	pg := testsvc.PostgresURL(t)
	ru, err := url.Parse(testsvc.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"DATABASE_URL=" + pg, "VALKEY_HOST=" + ru.Hostname(), "VALKEY_PORT=" + ru.Port(), "DEMO_RATE_LIMIT=0"}
	const n = 15
	limited, _ := stateKey(t, env, n)
	other, otherID := stateKey(t, env, 10000)
	a, pa := stateServe(t, env)
	b, pb := stateServe(t, env)
	var made atomic.Int64
	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	for i := range 3 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			base := a
			if i%2 == 1 {
				base = b
			}
			made.Add(1)
			switch statePost(t, base+"/check", limited, `{"text":"teh cat"}`) {
			case 200:
				ok.Add(1)
			case 429:
				refused.Add(1)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != n || refused.Load() != 2*n {
		t.Fatalf("%d ok and %d refused of %d; want exactly %d ok", ok.Load(), refused.Load(), 3*n, n)
	}
	for _, base := range []string{a, b} {
		made.Add(1)
		if st := statePost(t, base+"/check", other, `{"text":"x"}`); st != 200 {
			t.Fatalf("before deactivation: %d", st)
		}
	}
	start := time.Now()
	stateRun(t, env, "", "keys", "deactivate", otherID)
	for _, base := range []string{a, b} {
		for {
			made.Add(1)
			if statePost(t, base+"/check", other, `{"text":"x"}`) == 401 {
				break
			}
			if time.Since(start) > 5*time.Second {
				t.Fatalf("%s still accepts the deactivated key after 5 s", base)
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("%s refuses the deactivated key %s after `keys deactivate`", base, time.Since(start).Round(time.Millisecond))
	}
	stateStop(t, pa)
	stateStop(t, pb)
	st, err := store.Open(context.Background(), store.Options{URL: pg})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.CountUsage(context.Background(), "", time.Now().Add(-time.Hour))
	if err != nil || rows != made.Load() {
		t.Fatalf("%d usage rows (%v) for %d requests", rows, err, made.Load())
	}
}

func TestKeysAndUsersCommands(t *testing.T) {
	env := []string{"DATABASE_PATH=" + filepath.Join(t.TempDir(), "cli.db")}
	secret, id := stateKey(t, env, 7)
	if !strings.HasPrefix(secret, "appencorrect_") || len(secret) != len("appencorrect_")+32 || !strings.HasPrefix(id, "ak_") {
		t.Fatalf("created %q %q", secret, id)
	}
	out := stateRun(t, env, "", "keys", "list")
	if !strings.Contains(out, id) || strings.Contains(out, secret) || !strings.Contains(out, secret[:len("appencorrect_")+4]+"…") {
		t.Errorf("list shows the secret or misses the key:\n%s", out)
	}
	var list struct {
		APIKeys []map[string]any `json:"api_keys"`
	}
	if err := json.Unmarshal([]byte(stateRun(t, env, "", "keys", "list", "--json")), &list); err != nil || len(list.APIKeys) != 1 || list.APIKeys[0]["rate_limit_per_hour"].(float64) != 7 {
		t.Errorf("list --json: %+v %v", list, err)
	}
	// The README's service key: 0 is no hourly limit, not an error, and
	// reads so.
	if out := stateRun(t, env, "", "keys", "create", "--name", "gateway-json", "--rate-limit-per-hour", "0", "--json"); !strings.Contains(out, `"rate_limit_per_hour": 0`) {
		t.Errorf("service key with no limit:\n%s", out)
	}
	if out := stateRun(t, env, "", "keys", "create", "--name", "gateway", "--rate-limit-per-hour", "0"); !strings.Contains(out, "limit:   no limit") {
		t.Errorf("service key:\n%s", out)
	}
	if out := stateRun(t, env, "", "keys", "list"); !regexp.MustCompile(`gateway\s+check\s+true\s+none\s`).MatchString(out) {
		t.Errorf("list does not show the service key's limit as none:\n%s", out)
	}
	rot := stateRun(t, env, "", "keys", "rotate", id)
	if !strings.Contains(rot, "api_key: appencorrect_") || strings.Contains(rot, secret) {
		t.Errorf("rotate: %s", rot)
	}
	stateRun(t, env, "", "keys", "deactivate", id)
	if out := stateRun(t, env, "", "keys", "list"); !strings.Contains(out, "false") {
		t.Errorf("not deactivated:\n%s", out)
	}
	stateRun(t, env, "a long enough password\n", "users", "create", "Ops@Example.com")
	if out := stateRun(t, env, "", "users", "list"); !strings.Contains(out, "ops@example.com") || !strings.Contains(out, "admin") {
		t.Errorf("users list:\n%s", out)
	}
	if out := stateRun(t, env, "", "users", "create", "gen", "--generate"); !strings.Contains(out, "password: ") {
		t.Errorf("generate: %s", out)
	}
	for _, bad := range [][]string{
		{"keys", "create", "--rate-limit-per-hour", "5"},                 // no name
		{"keys", "create", "--name", "x", "--rate-limit-per-hour", "-3"}, // out of range
		{"keys", "create", "--name", "x", "--scope", "root"},             // bad scope
		{"keys", "deactivate"},                                           // no id
		{"keys", "deactivate", "ak_nope"},                                // unknown id
		{"keys", "frobnicate"},                                           // unknown command
		{"users", "create", "someone"},                                   // no password on stdin
	} {
		cmd := exec.Command(binary, bad...)
		cmd.Env = append(os.Environ(), env...)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Run(); err == nil || errb.Len() == 0 {
			t.Errorf("%v: succeeded or said nothing (%v)", bad, err)
		}
	}
}
