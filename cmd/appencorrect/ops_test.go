package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"appencorrect/internal/ops/launcher"
)

// startServe runs the built binary's `serve` on a free loopback port and
// returns its base URL; the server is stopped with SIGTERM at cleanup.
func startServe(t *testing.T, env ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	cmd := exec.CommandContext(ctx, binary, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), append([]string{"LOG_LEVEL=info", "LOG_FORMAT=json", "DEMO_RATE_LIMIT=0", "DATABASE_PATH=" + filepath.Join(t.TempDir(), "appencorrect.db")}, env...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		cancel()
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "listening" {
				addr <- m["addr"].(string)
			}
		}
	}()
	select {
	case a := <-addr:
		return "http://" + a
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

func runInProcess(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, stdio{in: strings.NewReader(""), out: &out, err: &errb, getenv: func(k string) string { return env[k] }})
	return out.String(), errb.String(), code
}

// TestLoadtestAgainstServe loads the real server (built-in engine), checks
// the three reports, and that /metrics counted the requests.
func TestLoadtestAgainstServe(t *testing.T) {
	base := startServe(t)
	dir := t.TempDir()
	js, md, svg := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.md"), filepath.Join(dir, "chart.svg")
	out, errs, code := runInProcess(t, nil, "loadtest", "--url", base+"/demo/check", "--concurrency", "1,8", "--duration", "1s",
		"--baseline", "3", "--max-requests", "400", "--json", js, "--md", md, "--svg", svg, "--progress", "never")
	if code != 0 {
		t.Fatalf("loadtest exit %d\n%s\n%s", code, out, errs)
	}
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Steps []struct {
			Phase             string  `json:"phase"`
			Concurrency       int     `json:"concurrency"`
			RequestsPerSecond float64 `json:"requests_per_second"`
			P50, P95, P99     float64 `json:"-"`
			P95MS             float64 `json:"p95_ms"`
			Errors            *int    `json:"errors"`
			OK                int     `json:"ok"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Steps) != 3 || rep.Steps[2].Concurrency != 8 || rep.Steps[2].OK == 0 || rep.Steps[2].Errors == nil || *rep.Steps[2].Errors != 0 || rep.Steps[2].RequestsPerSecond <= 0 {
		t.Errorf("report steps: %s", b)
	}
	mdText, _ := os.ReadFile(md)
	if !strings.Contains(string(mdText), "](chart.svg)") || !strings.Contains(out, "| step | 8 |") {
		t.Errorf("markdown:\n%s\nstdout:\n%s", mdText, out)
	}
	if s, _ := os.ReadFile(svg); !bytes.HasPrefix(s, []byte("<svg")) {
		t.Errorf("svg: %.100s", s)
	}

	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`appencorrect_http_requests_total{code="200",endpoint="/demo/check",method="POST"}`, "appencorrect_http_request_duration_seconds_bucket", "appencorrect_build_info"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestVLLMArgsCommand(t *testing.T) {
	out, errs, code := runInProcess(t, nil, "vllm", "args", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []string
	if err := json.Unmarshal([]byte(out), &got); err != nil || !slices.Equal(got, launcher.Args(launcher.Default())) {
		t.Errorf("vllm args --json = %s (%v)", out, err)
	}
	out, _, _ = runInProcess(t, map[string]string{"VLLM_MAX_MODEL_LEN": "8192"}, "vllm", "args", "--lines", "--ngram", "--port", "8001")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, want := range []string{"8192", "8001", "--speculative-config"} {
		if !slices.Contains(lines, want) {
			t.Errorf("args --lines lacks %s: %q", want, lines)
		}
	}
	out, _, _ = runInProcess(t, nil, "vllm", "serve", "--dry-run")
	if !strings.HasPrefix(out, "vllm serve Qwen/Qwen2.5-7B-Instruct --host 0.0.0.0 --port 8000") {
		t.Errorf("serve --dry-run: %s", out)
	}
	if _, errs, code := runInProcess(t, map[string]string{"PATH": t.TempDir()}, "vllm", "serve"); code != 1 || !strings.Contains(errs, "vLLM is not installed") {
		t.Errorf("serve without vllm: %d %s", code, errs)
	}
	if _, _, code := runInProcess(t, nil, "vllm", "args", "--gpu-memory-utilization", "2"); code != 2 {
		t.Errorf("invalid flag accepted")
	}
}

// TestDoctorCommandNoGPU is this machine's case: no nvidia-smi, no vLLM.
func TestDoctorCommandNoGPU(t *testing.T) {
	env := map[string]string{"PATH": t.TempDir(), "HOME": t.TempDir()}
	out, _, code := runInProcess(t, env, "vllm", "doctor", "--port", "1")
	if code != 1 || !strings.Contains(out, "NOT READY: this machine cannot run vLLM") || !strings.Contains(out, "do: ") {
		t.Errorf("doctor exit %d:\n%s", code, out)
	}
	out, _, _ = runInProcess(t, env, "vllm", "doctor", "--json")
	var r launcher.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Ready || len(r.Checks) < 5 {
		t.Errorf("doctor --json: %v %s", err, out)
	}
}

func TestPlanCommand(t *testing.T) {
	args := []string{"plan", "--model", "qwen2.5-7b-instruct", "--gpu", "l4", "--max-model-len", "4096", "--gpu-memory-utilization", "0.85",
		"--schedule", "400h:1,200h:2,130h:6", "--price", "0.452"}
	out, errs, code := runInProcess(t, nil, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"57,344 B", "$714.16", "sequences at max-model-len", "not $437"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q", want)
		}
	}
	out, _, _ = runInProcess(t, nil, append(args, "--json")...)
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil || r["kv_cache_bytes_per_token"] != float64(57344) || r["monthly_cost_usd"] != 714.16 {
		t.Errorf("plan --json: %v kv=%v cost=%v", err, r["kv_cache_bytes_per_token"], r["monthly_cost_usd"])
	}

	cfg := filepath.Join(t.TempDir(), "config.json")
	os.WriteFile(cfg, []byte(`{"_name_or_path":"meta-llama/Llama-3.1-8B-Instruct","model_type":"llama","hidden_size":4096,"intermediate_size":14336,"num_attention_heads":32,"num_hidden_layers":32,"num_key_value_heads":8,"vocab_size":128256,"torch_dtype":"bfloat16"}`), 0o644)
	out, _, code = runInProcess(t, nil, "plan", "--config", cfg, "--gpu", "a10g", "--json")
	if json.Unmarshal([]byte(out), &r); code != 0 || r["kv_cache_bytes_per_token"] != float64(131072) {
		t.Errorf("plan --config: %d %v", code, r["kv_cache_bytes_per_token"])
	}
	for _, bad := range [][]string{{"plan", "--gpu", "tpu"}, {"plan", "--model", "gpt"}, {"plan", "--schedule", "x"}} {
		if _, _, code := runInProcess(t, nil, bad...); code != 2 {
			t.Errorf("%v: exit %d", bad, code)
		}
	}
}

// TestLoadtestSmoke: `loadtest --smoke` (what `helm test` runs) against
// real servers: the built-in engine passes; with the model (a simulator)
// up, --require-model passes; with the model's address dead the built-in
// engine answers, which passes a plain smoke test and fails
// --require-model; nothing listening fails both and prints nothing on
// stdout (no health, no check), only the error on stderr.
func TestLoadtestSmoke(t *testing.T) {
	dir := t.TempDir()
	simAddr := freeAddr(t)
	startSimProcess(t, simAddr, "--latency", "5ms", "--max-num-seqs", "0")
	withModel, _ := stateServe(t, []string{"VLLM_URL=http://" + simAddr, "VLLM_POLL_INTERVAL=100ms", "DEMO_RATE_LIMIT=0",
		"DATABASE_PATH=" + filepath.Join(dir, "model.sqlite")})
	deadModel, _ := stateServe(t, []string{"VLLM_URL=http://" + freeAddr(t), "VLLM_POLL_INTERVAL=100ms", "DEMO_RATE_LIMIT=0",
		"DATABASE_PATH=" + filepath.Join(dir, "dead.sqlite")})
	builtinOnly := startServe(t)
	nothing := "http://" + freeAddr(t)
	// The dead model's server reports degraded once its first poll is
	// refused or a check fell back, whichever comes first; one check that
	// fell back makes it so for 30 s (and the poll ejects the endpoint for
	// good), without relying on how long the other servers took to start.
	if code, a := demoCheck(t, deadModel, "I has a eror."); code != 200 || !a.Degraded {
		t.Fatalf("dead model: HTTP %d, degraded %v: the built-in engine did not answer", code, a.Degraded)
	}
	for _, tc := range []struct {
		name, base   string
		requireModel bool
		code         int
		out          string
	}{
		{"built-in engine", builtinOnly, false, 0, "health healthy"},
		{"model up", withModel, false, 0, "degraded false"},
		{"model up, required", withModel, true, 0, "degraded false"},
		{"model down", deadModel, false, 0, "health degraded"},
		{"model down, required", deadModel, true, 1, "health degraded"},
		{"nothing listening", nothing, false, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"loadtest", "--smoke", "--url", tc.base + "/demo/check", "--timeout", "20s"}
			if tc.requireModel {
				args = append(args, "--require-model")
			}
			out, errs, code := runInProcess(t, nil, args...)
			if code != tc.code || !strings.Contains(out, tc.out) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out, errs)
			}
			if code == 0 && !strings.Contains(out, "check: ") || code == 0 && strings.Contains(out, "check: 0 corrections") {
				t.Errorf("no correction reported: %s", out)
			}
			if tc.out == "" && out != "" {
				t.Errorf("stdout %q, want nothing: nothing answered", out)
			}
		})
	}
}
