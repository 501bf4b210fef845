package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"appencorrect/internal/builtin/rules"
	"appencorrect/internal/testsvc"
)

// binary is the appencorrect binary built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "appencorrect-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "appencorrect")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "LOG_LEVEL=error", "DATABASE_PATH="+filepath.Join(t.TempDir(), "appencorrect.db"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestCheckCommand(t *testing.T) {
	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		contains []string
	}{
		{"lint", "", []string{"check", "I has a eror in grammer"}, 1,
			[]string{"<args>:1:3: grammar", "(has → have)", "(eror → error)", "(grammer → grammar)", "4 problem(s)"}},
		{"clean", "", []string{"check", "This sentence is fine."}, 0, nil},
		{"fix from stdin", "I has a eror in grammer", []string{"check", "--fix"}, 1, []string{"I have an error in grammar"}},
		{"json", "", []string{"check", "--json", "Teh cat."}, 1, []string{`"processed_text": "The cat."`, `"position": [`}},
		{"lines", "I has a cat.\nAll good here.\n", []string{"check", "--lines"}, 1,
			[]string{`"line":1`, `"line":2`, `"processed_text":"I have a cat."`, `"processed_text":"All good here."`}},
		{"byte-order mark is not text", "\ufeffAll good here.", []string{"check", "--json", "--file", "-"}, 0, []string{`"original_text": "All good here."`}},
		{"bad flag", "", []string{"check", "--nope"}, 2, nil},
		{"bad language", "", []string{"check", "--language", "xx", "text"}, 2, nil},
		{"exclusive modes", "", []string{"check", "--json", "--fix", "text"}, 2, nil},
		{"missing file", "", []string{"check", "--file", "/does/not/exist"}, 2, nil},
		{"unknown command", "", []string{"frobnicate"}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, c := range tt.contains {
				if !strings.Contains(out, c) {
					t.Errorf("output lacks %q:\n%s", c, out)
				}
			}
		})
	}
}

// TestServeEndToEnd starts the real binary as the README does and checks the
// issue's acceptance example, then a graceful stop.
func TestServeEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "LOG_LEVEL=info", "LOG_FORMAT=json", "DATABASE_PATH="+filepath.Join(t.TempDir(), "appencorrect.db"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addr := make(chan string, 1)
	logs := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "listening" {
				addr <- m["addr"].(string)
			}
			select {
			case logs <- sc.Text():
			default:
			}
		}
		close(logs)
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-ctx.Done():
		t.Fatal("server did not start")
	}
	resp, err := http.Get(base + "/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	t.Logf("/health answered %d, %s after start", resp.StatusCode, time.Since(start).Round(time.Millisecond))

	resp, err = http.Post(base+"/demo/check", "application/json", strings.NewReader(`{"text":"I has a eror in grammer"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var got struct {
		ProcessedText string `json:"processed_text"`
		Corrections   []struct {
			Original   string `json:"original"`
			Suggestion string `json:"suggestion"`
			Position   [2]int `json:"position"`
			Type       string `json:"type"`
		} `json:"corrections"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if got.ProcessedText != "I have an error in grammar" {
		t.Errorf("processed_text %q", got.ProcessedText)
	}
	type c struct {
		orig, sugg string
		pos        [2]int
	}
	want := []c{{"has", "have", [2]int{2, 5}}, {"a", "an", [2]int{6, 7}}, {"eror", "error", [2]int{8, 12}}, {"grammer", "grammar", [2]int{16, 23}}}
	if len(got.Corrections) != len(want) {
		t.Fatalf("corrections %+v, want %v", got.Corrections, want)
	}
	for i, w := range want {
		g := got.Corrections[i]
		if g.Original != w.orig || g.Suggestion != w.sugg || g.Position != w.pos {
			t.Errorf("correction %d = %+v, want %+v", i, g, w)
		}
	}

	// SIGTERM: a clean exit.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve exited with %v after SIGTERM", err)
	}
	var stopped bool
	for l := range logs {
		stopped = stopped || strings.Contains(l, `"msg":"stopped"`)
	}
	if !stopped {
		t.Error("no 'stopped' log line after SIGTERM")
	}
}

// TestCheckDictionary: --dictionary words are not flagged and are
// suggested for close misspellings; a bad list is a usage error.
func TestCheckDictionary(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "words.txt")
	if err := os.WriteFile(list, []byte("# team words\ndockerize\n\nQwen\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	text := "We dockerize Qwen and dokerize it."
	out, _, code := runCLI(t, "", "check", text)
	if code != 1 || !strings.Contains(out, "(dockerize →") {
		t.Fatalf("without the list (premise): %d\n%s", code, out)
	}
	out, _, code = runCLI(t, "", "check", "--dictionary", list, text)
	if code != 1 || strings.Contains(out, "(dockerize →") || !strings.Contains(out, "(dokerize → dockerize)") {
		t.Errorf("with the list: %d\n%s", code, out)
	}
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("two words\n"), 0o600)
	if _, errOut, code := runCLI(t, "", "check", "--dictionary", bad, "x"); code != 2 || !strings.Contains(errOut, "bad.txt:1") {
		t.Errorf("bad list: %d %s", code, errOut)
	}
}

// TestEvalPerRule: `eval m2 --per-rule` lists the built-in rules' right and
// wrong counts on BEA-2019 dev, worst first.
func TestEvalPerRule(t *testing.T) {
	m2 := testsvc.SharedData(t, "gec", "bea-dev.m2")
	out, errOut, code := runCLI(t, "", "eval", "m2", m2, "--per-rule", "--limit", "600")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 4 || !strings.Contains(lines[0], "right") || !strings.Contains(out, "MORFOLOGIK_RULE_EN_US") {
		t.Fatalf("per-rule table:\n%s", out)
	}
	if _, errOut, code := runCLI(t, "", "eval", "m2", m2, "--per-rule", "--engine", "none"); code != 2 || !strings.Contains(errOut, "--per-rule") {
		t.Errorf("--per-rule with --engine none: %d %s", code, errOut)
	}
	out, errOut, code = runCLI(t, "", "eval", "m2", m2, "--per-rule", "--limit", "600", "--without", "EN_LOWERCASE_I", "--show", "MORFOLOGIK_RULE_EN_US")
	if code != 0 || strings.Contains(out, "EN_LOWERCASE_I") || !strings.Contains(out, "MORFOLOGIK_RULE_EN_US, correction by correction:") {
		t.Errorf("--without and --show (exit %d, %s):\n%s", code, errOut, out)
	}
	if _, errOut, code := runCLI(t, "", "eval", "m2", m2, "--without", "NO_SUCH_RULE"); code != 2 || !strings.Contains(errOut, "NO_SUCH_RULE") {
		t.Errorf("--without an unknown rule: %d %s", code, errOut)
	}
	if _, _, code := runCLI(t, "", "eval", "m2", m2, "--show", "EN_A_VS_AN"); code != 2 {
		t.Errorf("--show without --per-rule: exit %d, want 2", code)
	}
}

// TestRulesCommand: `rules` lists every rule the engine runs, in order,
// and counts them, so that no count is kept by hand.
func TestRulesCommand(t *testing.T) {
	out, errOut, code := runCLI(t, "", "rules", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []ruleRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	want := rules.English()
	if len(rows) != len(want) {
		t.Fatalf("%d rules listed, the engine runs %d", len(rows), len(want))
	}
	for i, r := range want {
		if rows[i].ID != r.ID || rows[i].Description != r.Description || (r.Source != "") != (rows[i].Source != "Go") {
			t.Errorf("row %d = %+v, want %s", i, rows[i], r.ID)
		}
	}
	out, _, code = runCLI(t, "", "rules")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("\n%d rules: ", len(want))) || !strings.Contains(out, "EN_A_VS_AN") {
		t.Errorf("rules table (exit %d):\n%s", code, out)
	}
	if _, _, code := runCLI(t, "", "rules", "extra"); code != 2 {
		t.Errorf("rules with an argument: exit %d, want 2", code)
	}
}
