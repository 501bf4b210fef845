package charttest

import (
	"bytes"
	"debug/elf"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
)

// The flags of the Dockerfile's build; TestDockerfile checks it uses them.
const (
	buildVersion = "charttest"
	buildLDFlags = "-s -w -X main.version=" + buildVersion
)

// TestMain removes the binary built for the tests.
func TestMain(m *testing.M) {
	// Helm's loader logs "found symbolic link" for the dashboard link on
	// every load; nothing else here uses the standard logger.
	log.SetOutput(io.Discard)
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

var (
	binDir  string
	binOnce sync.Once
	binPath string
	binErr  error
)

// appencorrectBinary builds ./cmd/appencorrect once, as the Dockerfile does
// (CGO_ENABLED=0, -trimpath, -ldflags "-s -w -X main.version=..."), or uses
// $APPENCORRECT_BIN when set (a binary CI already built).
func appencorrectBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if p := os.Getenv("APPENCORRECT_BIN"); p != "" {
			binPath, binErr = filepath.Abs(p)
			return
		}
		dir, err := os.MkdirTemp("", "charttest-bin")
		if err != nil {
			binErr = err
			return
		}
		binDir = dir
		binPath = filepath.Join(dir, "appencorrect")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", buildLDFlags, "-o", binPath, "./cmd/appencorrect")
		cmd.Dir = repoRoot
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build ./cmd/appencorrect (in the main module): %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// runBinary runs the binary with a clean environment (no VLLM_* or other
// variables of the developer's shell) and returns its standard output.
func runBinary(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("appencorrect %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// vllmArgsFor runs `appencorrect vllm args --json` with the chart's vLLM
// values as flags and returns the arguments it prints.
func vllmArgsFor(t *testing.T, v map[string]any) []string {
	t.Helper()
	num := func(k string) string { return fmt.Sprint(lookupInt(v, k)) }
	args := []string{"vllm", "args", "--json",
		"--model", lookup(v, "model").(string),
		"--port", num("port"),
		"--max-model-len", num("maxModelLen"),
		"--gpu-memory-utilization", fmt.Sprint(lookup(v, "gpuMemoryUtilization")),
		"--max-num-batched-tokens", num("maxNumBatchedTokens"),
		"--max-num-seqs", num("maxNumSeqs"),
		fmt.Sprintf("--prefix-caching=%v", lookup(v, "prefixCaching")),
		fmt.Sprintf("--ngram=%v", lookup(v, "ngram", "enabled")),
		"--ngram-tokens", fmt.Sprint(lookupInt(v, "ngram", "numSpeculativeTokens")),
	}
	if s, _ := lookup(v, "servedModelName").(string); s != "" {
		args = append(args, "--served-model-name", s)
	}
	if extra, _ := lookup(v, "extraArgs").([]any); len(extra) > 0 {
		args = append(args, "--")
		for _, e := range extra {
			args = append(args, fmt.Sprint(e))
		}
	}
	var out []string
	if err := json.Unmarshal([]byte(runBinary(t, appencorrectBinary(t), args...)), &out); err != nil {
		t.Fatalf("appencorrect %v: %v", args, err)
	}
	return out
}

// TestVLLMArgsMatchLauncher: the vLLM container runs exactly the command
// line of `appencorrect vllm args` for the same settings, in every values
// file; and the chart's defaults are the launcher's defaults.
func TestVLLMArgsMatchLauncher(t *testing.T) {
	bin := appencorrectBinary(t)
	var defaults []string
	if err := json.Unmarshal([]byte(runBinary(t, bin, "vllm", "args", "--json")), &defaults); err != nil {
		t.Fatal(err)
	}
	forEachCase(t, func(t *testing.T, r *Rendered) {
		c := One[appsv1.Deployment](t, r, "Deployment", vllmName).Spec.Template.Spec.Containers[0]
		if strings.Join(c.Command, " ") != "vllm serve" {
			t.Errorf("command %q, want vllm serve", c.Command)
		}
		want := vllmArgsFor(t, lookup(r.Values, "vllm").(map[string]any))
		if !equal(c.Args, want) {
			t.Errorf("chart runs\n  vllm serve %s\n`appencorrect vllm args` says\n  vllm serve %s", strings.Join(c.Args, " "), strings.Join(want, " "))
		}
		if r.Case == "defaults" && !equal(c.Args, defaults) {
			t.Errorf("the chart's defaults differ from the launcher's:\n  chart:    %s\n  launcher: %s", strings.Join(c.Args, " "), strings.Join(defaults, " "))
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestStaticBinary: the Dockerfile's build gives a static binary (no ELF
// interpreter, no shared libraries: it runs on distroless/static) that
// prints the version it was stamped with, small enough for an image under
// 50 MB (distroless/static-debian12 is about 2 MB).
func TestStaticBinary(t *testing.T) {
	bin := appencorrectBinary(t)
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary has an ELF interpreter: it is dynamically linked")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary needs shared libraries %v", libs)
	}
	if f.Section(".symtab") != nil {
		t.Error("the binary keeps its symbol table: -ldflags -s missing")
	}
	st, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	const limit = 45 << 20
	if st.Size() > limit {
		t.Errorf("binary is %.1f MB: with the 2 MB base the image passes 47 MB", float64(st.Size())/(1<<20))
	}
	t.Logf("binary: %.1f MB, static", float64(st.Size())/(1<<20))
	if os.Getenv("APPENCORRECT_BIN") == "" {
		if out := runBinary(t, bin, "--version"); !strings.Contains(out, buildVersion) {
			t.Errorf("--version printed %q, want %q", out, buildVersion)
		}
	}
}

// TestDockerfile: the Dockerfile builds the way TestStaticBinary checks
// (multi-stage, CGO off, -trimpath, -s -w, main.version), ships on
// distroless/static as non-root, has no HEALTHCHECK, and its build context
// keeps what the build embeds.
func TestDockerfile(t *testing.T) {
	df := string(readRepoFile(t, "Dockerfile"))
	var lines []string // instructions, continuation lines joined
	cur := ""
	for _, l := range strings.Split(df, "\n") {
		s := strings.TrimSpace(l)
		if cur == "" && (s == "" || strings.HasPrefix(s, "#")) {
			continue
		}
		if strings.HasSuffix(s, "\\") {
			cur += strings.TrimSuffix(s, "\\") + " "
			continue
		}
		lines = append(lines, cur+s)
		cur = ""
	}
	var froms []string
	var build, user, entry string
	for _, l := range lines {
		word := strings.ToUpper(strings.Fields(l)[0])
		switch word {
		case "FROM":
			froms = append(froms, l)
		case "RUN":
			if strings.Contains(l, "go build") {
				build = l
			}
		case "USER":
			user = l
		case "ENTRYPOINT":
			entry = l
		case "HEALTHCHECK":
			t.Error("HEALTHCHECK: Kubernetes probes and compose do that")
		}
	}
	if len(froms) != 2 || !strings.Contains(froms[0], "golang:") || !strings.Contains(froms[1], "gcr.io/distroless/static-debian12:nonroot") {
		t.Errorf("stages %q: want golang then distroless/static-debian12:nonroot", froms)
	}
	for _, want := range []string{"-trimpath", `-ldflags "-s -w -X main.version=`, "./cmd/appencorrect"} {
		if !strings.Contains(build, want) {
			t.Errorf("go build %q lacks %s", build, want)
		}
	}
	if !regexp.MustCompile(`(?m)^ENV CGO_ENABLED=0`).MatchString(df) && !strings.Contains(build, "CGO_ENABLED=0") {
		t.Error("CGO_ENABLED=0 not set for the build")
	}
	if !strings.Contains(user, "65532") && !strings.Contains(user, "nonroot") {
		t.Errorf("USER %q: want the nonroot user", user)
	}
	if !strings.Contains(entry, "appencorrect") {
		t.Errorf("ENTRYPOINT %q", entry)
	}
	// The build context must keep every embedded file.
	ignore := string(readRepoFile(t, ".dockerignore"))
	for _, l := range strings.Split(ignore, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		for _, keep := range []string{"go.mod", "go.sum", "cmd/", "internal/", "web/"} {
			if strings.HasPrefix(keep, strings.TrimSuffix(l, "/")) && !strings.HasPrefix(l, "**") {
				t.Errorf(".dockerignore %q drops %s", l, keep)
			}
		}
	}
}
