package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"appencorrect/internal/testsvc"
)

// TestDictionaryTwoServeProcesses: two `serve` processes sharing
// PostgreSQL and Redis (the result cache) over one model (the simulator,
// which keeps the words its prompt lists, as a model does). A word tenant
// A adds on one process is not flagged for A on either, and still is for
// tenant B; deleting it on one process brings the flag back at once on
// the other, though that process had cached the tenant's words and Redis
// held the model's answer for the text.
func TestDictionaryTwoServeProcesses(t *testing.T) {
	pg := testsvc.PostgresURL(t)
	ru, err := url.Parse(testsvc.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	replayFile := filepath.Join(t.TempDir(), "replay.tsv")
	const text = "I saw teh cat."
	if err := os.WriteFile(replayFile, []byte(text+"\tI saw the cat.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	simAddr := freeAddr(t)
	startSimProcess(t, simAddr, "--latency", "1ms", "--replay", replayFile)
	env := []string{"DATABASE_URL=" + pg, "VALKEY_HOST=" + ru.Hostname(), "VALKEY_PORT=" + ru.Port(),
		"VLLM_URL=http://" + simAddr, "DEMO_RATE_LIMIT=0"}
	keyA, _ := stateKey(t, env, 10000)
	keyB, _ := stateKey(t, env, 10000)
	a, pa := stateServe(t, env)
	b, pb := stateServe(t, env)

	// flagged checks the text on base with key: whether the model's
	// correction of "teh" is there.
	flagged := func(base, key string) bool {
		t.Helper()
		var ans demoAnswer
		if st := dictCall(t, "POST", base+"/check", key, `{"text":"`+text+`"}`, &ans); st != 200 {
			t.Fatalf("check: status %d", st)
		}
		if ans.Degraded || ans.Statistics.APIType != "vllm" {
			t.Fatalf("the model did not answer: %+v", ans)
		}
		for _, c := range ans.Corrections {
			if c.Original == "teh" {
				return true
			}
		}
		return false
	}
	change := func(base, method, body string) {
		t.Helper()
		if st := dictCall(t, method, base+"/dictionary", keyA, body, nil); st != 200 && st != 201 {
			t.Fatalf("%s /dictionary %s: status %d", method, body, st)
		}
	}

	if !flagged(b, keyA) {
		t.Fatal("teh not flagged before it was listed (test premise)")
	}
	// Tenant A's list holds another word throughout, so that its words
	// are never empty and only their version tells the states apart.
	change(a, "POST", `{"words":["kubectl","teh"]}`)
	for name, base := range map[string]string{"a": a, "b": b} {
		if flagged(base, keyA) {
			t.Errorf("process %s flags tenant A's listed word", name)
		}
		if !flagged(base, keyB) {
			t.Errorf("process %s does not flag teh for tenant B", name)
		}
	}
	change(a, "DELETE", `{"words":["teh"]}`)
	if !flagged(b, keyA) {
		t.Error("process b still keeps teh after process a deleted it: a stale word set or cached result")
	}
	if !flagged(a, keyA) {
		t.Error("process a still keeps teh after deleting it")
	}
	// Listed again on b: a sees it at once too.
	change(b, "POST", `{"words":["teh"]}`)
	if flagged(a, keyA) {
		t.Error("process a flags teh after process b listed it again")
	}
	stateStop(t, pa)
	stateStop(t, pb)
}

// dictCall makes one JSON request with the key and decodes the answer
// into out (when not nil); it returns the status.
func dictCall(t *testing.T, method, url, key, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, url, err, b)
		}
	}
	return resp.StatusCode
}
