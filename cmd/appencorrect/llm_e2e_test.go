package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// startSimProcess runs `appencorrect sim` on addr and returns once it has
// logged that it listens (its listener is bound and served by then).
func startSimProcess(t *testing.T, addr string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"sim", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), "LOG_FORMAT=json", "LOG_LEVEL=info")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	var mu sync.Mutex
	var logs strings.Builder
	listening, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		seen := false
		sc := bufio.NewScanner(stderr) // read to the end: a full pipe would stall the simulator
		for sc.Scan() {
			mu.Lock()
			logs.Write(sc.Bytes())
			logs.WriteByte('\n')
			mu.Unlock()
			var m struct{ Msg string }
			if !seen && json.Unmarshal(sc.Bytes(), &m) == nil && m.Msg == "vLLM simulator listening" {
				seen = true
				close(listening)
			}
		}
	}()
	select {
	case <-listening:
		return cmd
	case <-exited:
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("the simulator exited before listening:\n%s", logs.String())
	case <-time.After(time.Minute):
		t.Fatal("the simulator did not log that it listens within a minute")
	}
	return nil
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

type demoAnswer struct {
	Status        string `json:"status"`
	ProcessedText string `json:"processed_text"`
	Degraded      bool   `json:"degraded"`
	Reason        string `json:"degraded_reason"`
	Corrections   []struct {
		Type       string `json:"type"`
		Position   [2]int `json:"position"`
		Original   string `json:"original"`
		Suggestion string `json:"suggestion"`
		Source     string `json:"source"`
	} `json:"corrections"`
	Statistics struct {
		APIAvailable bool   `json:"api_available"`
		APIType      string `json:"api_type"`
	} `json:"statistics"`
}

func demoCheck(t *testing.T, base, text string) (int, demoAnswer) {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"text": text, "language": "en-US"})
	resp, err := http.Post(base+"/demo/check", "application/json", strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var a demoAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("not JSON: %q", raw)
	}
	return resp.StatusCode, a
}

func healthStatus(t *testing.T, base string) (string, string) {
	t.Helper()
	resp, err := http.Get(base + "/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h struct {
		Status     string `json:"status"`
		Components map[string]struct {
			Status string `json:"status"`
			Detail string `json:"detail"`
		} `json:"components"`
	}
	json.NewDecoder(resp.Body).Decode(&h)
	return h.Status, h.Components["engine"].Detail
}

// TestServeWithSimulator: VLLM_URL=<sim> serve answers /demo/check with
// corrections derived from the model's text; killing the simulator turns
// the answers into flagged built-in results at once, and they come back
// when it returns.
func TestServeWithSimulator(t *testing.T) {
	dir := t.TempDir()
	replay := filepath.Join(dir, "replay.tsv")
	src, tgt := "Me and him goes to the park yesterday.", "He and I went to the park yesterday."
	if err := os.WriteFile(replay, []byte(src+"\t"+tgt+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	simAddr := freeAddr(t)
	simArgs := []string{"--latency", "20ms", "--max-num-seqs", "0", "--replay", replay}
	sim := startSimProcess(t, simAddr, simArgs...)
	base, _, logs := stateServeLogs(t, []string{
		"VLLM_URL=http://" + simAddr, "VLLM_POLL_INTERVAL=100ms", "DEMO_RATE_LIMIT=0",
		"DATABASE_PATH=" + filepath.Join(dir, "db.sqlite"),
	})

	code, a := demoCheck(t, base, src)
	if code != 200 || a.ProcessedText != tgt || a.Degraded || !a.Statistics.APIAvailable || a.Statistics.APIType != "vllm" {
		t.Fatalf("with the simulator: %d %+v", code, a)
	}
	if len(a.Corrections) == 0 || a.Corrections[0].Source != "vllm" {
		t.Errorf("corrections %+v", a.Corrections)
	}
	if st, _ := healthStatus(t, base); st != "healthy" {
		t.Errorf("health %q with the simulator up", st)
	}
	// /metrics names the endpoint by its slot, never by its address, and
	// times the call the check made.
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	scrape, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(scrape), simAddr) {
		t.Errorf("/metrics shows the model's address %s", simAddr)
	}
	for _, want := range []string{`appencorrect_llm_request_duration_seconds_count{endpoint="0",outcome="ok"}`,
		`appencorrect_llm_endpoint_up{endpoint="0"} 1`} {
		if !strings.Contains(string(scrape), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// Kill the simulator: the very next request is answered by the
	// built-in engine, flagged.
	const readmitted = "llm: endpoint re-admitted"
	before := logs.count(readmitted)
	sim.Process.Kill()
	sim.Wait()
	code, a = demoCheck(t, base, "I has a eror in grammer.")
	if code != 200 || !a.Degraded || a.Statistics.APIAvailable || a.Statistics.APIType != "builtin" || a.Reason == "" {
		t.Fatalf("simulator down: %d %+v", code, a)
	}
	if st, detail := healthStatus(t, base); st != "degraded" || detail == "" {
		t.Errorf("health %q %q with the simulator down", st, detail)
	}

	// It returns: serve re-admits it (its /health answers again) and says
	// so, and the next answer comes from the model.
	startSimProcess(t, simAddr, simArgs...)
	logs.waitForMore(t, readmitted, before)
	code, a = demoCheck(t, base, src)
	if code != 200 || a.Degraded || a.ProcessedText != tgt {
		t.Fatalf("after the model came back: %d %+v", code, a)
	}
}

// TestServeSaturated: with every endpoint at its cap and the queue full,
// a check is a 503 with Retry-After, not a fallback and not a clean 200.
func TestServeSaturated(t *testing.T) {
	dir := t.TempDir()
	simAddr := freeAddr(t)
	startSimProcess(t, simAddr, "--latency", "1500ms", "--max-num-seqs", "0", "--corrector", "echo")
	base, _ := stateServe(t, []string{
		"VLLM_URL=http://" + simAddr, "VLLM_MAX_NUM_SEQS=1", "VLLM_QUEUE_SIZE=1", "DEMO_RATE_LIMIT=0",
		"DATABASE_PATH=" + filepath.Join(dir, "db.sqlite"),
	})
	type answer struct {
		code       int
		retryAfter string
	}
	answers := make(chan answer, 3)
	for i := range 3 {
		go func() {
			b, _ := json.Marshal(map[string]string{"text": fmt.Sprintf("Text number %d here.", i)})
			resp, err := http.Post(base+"/demo/check", "application/json", strings.NewReader(string(b)))
			if err != nil {
				answers <- answer{code: -1}
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			answers <- answer{resp.StatusCode, resp.Header.Get("Retry-After")}
		}()
		// The first is at the model (its one slot), the second waits in
		// serve's queue (its one place) before the third comes.
		switch i {
		case 0:
			waitGauge(t, "http://"+simAddr+"/metrics", "vllm:num_requests_running", 1)
		case 1:
			waitGauge(t, base+"/metrics", "appencorrect_llm_queued", 1)
		}
	}
	ok, busy := 0, 0
	for range 3 {
		a := <-answers
		switch {
		case a.code == 200:
			ok++
		case a.code == 503 && a.retryAfter != "":
			busy++
		default:
			t.Errorf("answer %+v", a)
		}
	}
	if ok != 2 || busy != 1 {
		t.Errorf("%d answered, %d told to retry; want 2 and 1", ok, busy)
	}
}
