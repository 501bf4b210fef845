// Package browser runs AppenCorrect's pages in a real browser: Debian's
// Chromium, driven by playwright-core from npm (pages.test.mjs), against
// `appencorrect serve` with a fresh SQLite database.
package browser

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// requireEnv makes missing browser tools a failure instead of a skip (CI).
const requireEnv = "APPENCORRECT_REQUIRE_SERVICES"

// screenshotEnv names a directory for the screenshots, relative to the
// repository root (docs/screenshots to refresh the README's); without it
// they go to a temporary directory.
const screenshotEnv = "APPENCORRECT_SCREENSHOT_DIR"

// TestPagesInChromium starts the server, creates an administrator login and
// an admin key with the CLI, and runs pages.test.mjs in Chromium: the demo
// (underlines after an emoji, debouncing, apply, keyboard, feedback
// stored), the API docs (every operation, a runnable example) and key
// management (login, create, use on /check, deactivate → 401, usage chart,
// CSV, rotate, logout), with screenshots at desktop and phone widths. A
// second server with an unreachable model shows the demo's degraded
// indicator.
func TestPagesInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server and a browser")
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "..", "..")
	node, chromium := tools(t, dir)

	tmp := t.TempDir()
	bin := os.Getenv("APPENCORRECT_BIN")
	if bin == "" {
		bin = filepath.Join(tmp, "appencorrect")
		build := exec.Command("go", "build", "-o", bin, "./cmd/appencorrect")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
	}
	env := serverEnv(filepath.Join(tmp, "db", "appencorrect.db"))

	user, password := "browser-admin", randomHex(t, 16)
	cmd := exec.Command(bin, "users", "create", user)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("users create: %v\n%s", err, out)
	}
	cmd = exec.Command(bin, "keys", "create", "--name", "browser-test-admin", "--scope", "admin", "--json")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("keys create: %v\n%s", err, out)
	}
	var created struct {
		APIKey string `json:"api_key"`
	}
	if err := json.Unmarshal(out, &created); err != nil || created.APIKey == "" {
		t.Fatalf("keys create --json printed %q: %v", out, err)
	}

	addr, logs := startServer(t, bin, env)
	base := "http://localhost" + addr[strings.LastIndexByte(addr, ':'):]
	// A second server whose model is unreachable (nothing listens on port
	// 9): the built-in engine answers and the demo must say so.
	degEnv := append(serverEnv(filepath.Join(tmp, "db-degraded", "appencorrect.db")), "VLLM_URL=http://127.0.0.1:9")
	degAddr, degLogs := startServer(t, bin, degEnv)
	// A third whose model is the simulator writing a token every 40 ms:
	// the demo's underlines appear while it writes.
	simAddr, _ := startListening(t, bin, serverEnv(filepath.Join(tmp, "db-sim", "appencorrect.db")), "vLLM simulator listening",
		"sim", "--addr", "127.0.0.1:0", "--token-latency", "40ms")
	streamEnv := append(serverEnv(filepath.Join(tmp, "db-stream", "appencorrect.db")), "VLLM_URL=http://"+simAddr)
	streamAddr, streamLogs := startServer(t, bin, streamEnv)

	shots := filepath.Join(tmp, "screenshots")
	if d := os.Getenv(screenshotEnv); d != "" {
		shots = d
		if !filepath.IsAbs(d) {
			shots = filepath.Join(root, d)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	start := time.Now()
	run := exec.CommandContext(ctx, node, "--test", "--test-reporter=spec", "--test-concurrency=1", "pages.test.mjs")
	run.Dir = dir
	run.Env = append(os.Environ(),
		"APPENCORRECT_URL="+base, "DEGRADED_URL=http://localhost"+degAddr[strings.LastIndexByte(degAddr, ':'):],
		"STREAMING_URL=http://localhost"+streamAddr[strings.LastIndexByte(streamAddr, ':'):], "ADMIN_USER="+user, "ADMIN_PASSWORD="+password, "ADMIN_KEY="+created.APIKey,
		"CHROMIUM="+chromium, "SCREENSHOT_DIR="+shots)
	res, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("browser tests failed (%v) after %s:\n%s\n--- server log:\n%s\n--- degraded server log:\n%s\n--- streaming server log:\n%s",
			err, time.Since(start).Round(time.Second), res, logs(), degLogs(), streamLogs())
	}
	t.Logf("browser tests passed in %s; screenshots in %s\n%s", time.Since(start).Round(time.Second), shots, res)
	for _, page := range []string{"demo", "api-docs", "api-management", "login"} {
		for _, width := range []string{"desktop", "phone"} {
			if _, err := os.Stat(filepath.Join(shots, page+"-"+width+".png")); err != nil {
				t.Errorf("screenshot missing: %v", err)
			}
		}
	}
}

// tools finds node, Chromium and playwright-core, installing the npm
// packages when npm can; without them the test is skipped, or fails when
// APPENCORRECT_REQUIRE_SERVICES=1.
func tools(t *testing.T, dir string) (node, chromium string) {
	t.Helper()
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv(requireEnv) == "1" {
			t.Fatalf(format+" (required: "+requireEnv+"=1)", args...)
		}
		t.Skipf(format, args...)
	}
	chromium = os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		unavailable("Chromium not found at %s: install Debian's chromium package", chromium)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable("node is not installed (Node.js 18 or later)")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "playwright-core")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			unavailable("tests/browser/node_modules is missing and npm is not installed")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			unavailable("npm ci in %s failed: %v\n%s", dir, err, out)
		}
	}
	return node, chromium
}

// serverEnv is the environment of the server and the CLI: this process's,
// without anything that would choose other components (PostgreSQL, Redis,
// a model), with a private SQLite database.
func serverEnv(dbPath string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "DATABASE_URL", name == "VLLM_URL", strings.HasPrefix(name, "VALKEY_"),
			name == "SECRET_KEY", name == "HOST", name == "PORT", name == "FLASK_HOST", name == "FLASK_PORT":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "DATABASE_PATH="+dbPath, "DEMO_RATE_LIMIT=100000", "LOG_FORMAT=json", "LOG_LEVEL=info")
}

// startServer runs `serve --addr 127.0.0.1:0` and returns the address it
// listens on and its log so far. The server is stopped (SIGTERM) when the
// test ends.
func startServer(t *testing.T, bin string, env []string) (string, func() string) {
	t.Helper()
	return startListening(t, bin, env, "listening", "serve", "--addr", "127.0.0.1:0")
}

// startListening runs bin with args until the test ends and returns the
// address its log line msg names; GET /health must answer 200 there then.
func startListening(t *testing.T, bin string, env []string, msg string, args ...string) (string, func() string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting serve: %v", err)
	}
	var mu sync.Mutex
	var log bytes.Buffer
	logs := func() string {
		mu.Lock()
		defer mu.Unlock()
		return log.String()
	}
	addrc := make(chan string, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			mu.Lock()
			log.Write(line)
			log.WriteByte('\n')
			mu.Unlock()
			var rec struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal(line, &rec) == nil && rec.Msg == msg && rec.Addr != "" {
				select {
				case addrc <- rec.Addr:
				default:
				}
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		<-done
	})
	var addr string
	select {
	case addr = <-addrc:
	case <-done:
		t.Fatalf("%s exited before listening:\n%s", args[0], logs())
	case <-time.After(90 * time.Second):
		t.Fatalf("%s did not listen within 90 s:\n%s", args[0], logs())
	}
	// The line is logged once the listener is bound and the real handler
	// serves it, so /health answers now; it is not polled.
	resp, err := http.Get("http://" + addr + "/health")
	if err != nil {
		t.Fatalf("%s logged %q for %s, but /health fails: %v\n%s", args[0], msg, addr, err, logs())
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s logged %q for %s, but /health answers %d\n%s", args[0], msg, addr, resp.StatusCode, logs())
	}
	return addr, logs
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(fmt.Errorf("random: %w", err))
	}
	return hex.EncodeToString(b)
}
