package launcher

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const rev = "a09a35458c702b33eeacc393d103063234e8bc28"

// fakeCache lays out a Hugging Face cache entry for Qwen2.5-7B-Instruct:
// blobs, a snapshot of symlinks, an index naming four shards. Shards are
// sparse files of shardBytes each; missing names shards left out; partial
// adds an .incomplete blob.
func fakeCache(t *testing.T, hub string, shardBytes int64, missing []string, partial bool) {
	t.Helper()
	repo := filepath.Join(hub, "models--Qwen--Qwen2.5-7B-Instruct")
	blobs, snap := filepath.Join(repo, "blobs"), filepath.Join(repo, "snapshots", rev)
	for _, d := range []string{blobs, snap, filepath.Join(repo, "refs")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(repo, "refs", "main"), []byte(rev), 0o644); err != nil {
		t.Fatal(err)
	}
	weightMap := map[string]string{}
	var shards []string
	for i := 1; i <= 4; i++ {
		s := fmt.Sprintf("model-%05d-of-00004.safetensors", i)
		shards = append(shards, s)
		weightMap[fmt.Sprintf("layer.%d.weight", i)] = s
	}
	index, _ := json.Marshal(map[string]any{"weight_map": weightMap})
	files := map[string][]byte{"config.json": []byte(`{"model_type":"qwen2"}`), "model.safetensors.index.json": index}
	n := 0
	link := func(name string, write func(path string)) {
		n++
		blob := filepath.Join(blobs, fmt.Sprintf("blob%02d", n))
		write(blob)
		if err := os.Symlink(filepath.Join("..", "..", "blobs", filepath.Base(blob)), filepath.Join(snap, name)); err != nil {
			t.Fatal(err)
		}
	}
	for name, b := range files {
		link(name, func(p string) { os.WriteFile(p, b, 0o644) })
	}
	for _, s := range shards {
		skip := false
		for _, m := range missing {
			skip = skip || m == s
		}
		if skip {
			continue
		}
		link(s, func(p string) {
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			f.Truncate(shardBytes) // sparse: takes no disk
			f.Close()
		})
	}
	if partial {
		f, _ := os.Create(filepath.Join(blobs, "deadbeef.incomplete"))
		f.Truncate(1 << 30)
		f.Close()
	}
}

// machine is a faked host: a PATH with fake commands, a home with a
// Hugging Face cache, and a /proc/meminfo.
type machine struct {
	t       *testing.T
	bin     string
	home    string
	env     map[string]string
	meminfo string
}

func newMachine(t *testing.T) *machine {
	m := &machine{t: t, bin: t.TempDir(), home: t.TempDir()}
	m.env = map[string]string{"PATH": m.bin, "HOME": m.home, "HF_HOME": filepath.Join(m.home, "hf")}
	m.meminfo = filepath.Join(m.home, "meminfo")
	m.setMem(32 << 20) // kB
	return m
}

func (m *machine) hub() string { return filepath.Join(m.env["HF_HOME"], "hub") }

func (m *machine) setMem(kB int64) {
	os.WriteFile(m.meminfo, []byte(fmt.Sprintf("MemTotal:       %d kB\nMemFree:        1000 kB\nMemAvailable:   %d kB\n", kB, kB-1<<20)), 0o644)
}

func (m *machine) nvidiaSMI(out string, code int) {
	// Only shell built-ins: the doctor runs commands with the fake PATH.
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		lines = append(lines, "'"+l+"'")
	}
	writeScript(m.t, m.bin, "nvidia-smi", fmt.Sprintf("printf '%%s\\n' %s\nexit %d\n", strings.Join(lines, " "), code))
}

func (m *machine) vllm(version string) {
	writeScript(m.t, m.bin, "vllm", fmt.Sprintf("echo 'INFO 01-01 logging noise'\necho %s\n", version))
}

func (m *machine) doctor(c Config, url string) Report {
	return Doctor(context.Background(), DoctorOptions{Config: c, Getenv: func(k string) string { return m.env[k] }, URL: url, MeminfoPath: m.meminfo})
}

func statusOf(r Report, name string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

const l4Free = "0, NVIDIA L4, 23034, 1, 22800, 580.95.05"

func TestDoctorMachines(t *testing.T) {
	full := int64(3_900_000_000) // four shards ≈ 15.6 GB
	type want struct {
		check, status, found, do string
	}
	tests := []struct {
		name  string
		setup func(*machine, *Config)
		ready bool
		wants []want
	}{
		{"this machine: no GPU, no vLLM", func(m *machine, c *Config) {}, false, []want{
			{"gpu", "fail", "no nvidia-smi on PATH", "appencorrect sim"},
			{"vllm", "fail", "not installed", "pip install vllm"},
			{"model weights", "warn", "not in the cache", "hf download Qwen/Qwen2.5-7B-Instruct"},
		}},
		{"L4 ready", func(m *machine, c *Config) {
			m.nvidiaSMI(l4Free, 0)
			m.vllm("0.9.2")
			fakeCache(t, m.hub(), full, nil, false)
		}, true, []want{
			{"gpu", "ok", "NVIDIA L4 23034 MiB", ""},
			{"gpu memory", "ok", "22800 MiB free", ""},
			{"model fits", "ok", "sequences of 4096 tokens", ""},
			{"model weights", "ok", "complete", ""},
			{"vllm", "ok", "vLLM 0.9.2", ""},
			{"host memory", "ok", "32.0 GiB total", ""},
		}},
		{"driver too old for the pinned CUDA 13 image", func(m *machine, c *Config) {
			m.nvidiaSMI("0, NVIDIA L4, 23034, 1, 22800, 550.54.15", 0)
			m.vllm("0.9.2")
			fakeCache(t, m.hub(), full, nil, false)
		}, false, []want{{"gpu driver", "fail", "older than the 580", "-cu129"}}},
		{"driver not loaded", func(m *machine, c *Config) {
			writeScript(t, m.bin, "nvidia-smi", "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\" >&2\nexit 9\n")
		}, false, []want{{"gpu", "fail", "couldn't communicate with the NVIDIA driver", "nvidia.com/gpu"}}},
		{"GPU busy", func(m *machine, c *Config) {
			m.nvidiaSMI("0, NVIDIA L4, 23034, 19034, 4000, 550.54.15", 0)
		}, false, []want{{"gpu memory", "fail", "4000 MiB free", "GPU_MEMORY_UTILIZATION to at most 0.17"}}},
		{"T4 too small", func(m *machine, c *Config) {
			m.nvidiaSMI("0, Tesla T4, 15360, 0, 15000, 535.54", 0)
		}, false, []want{{"model fits", "fail", "exceed vLLM's budget", "quantized"}}},
		{"max-model-len too long", func(m *machine, c *Config) {
			m.nvidiaSMI(l4Free, 0)
			c.MaxModelLen = 65536
		}, false, []want{{"model fits", "fail", "less than --max-model-len 65536", "VLLM_MAX_MODEL_LEN to at most"}}},
		{"two GPUs, garbage line", func(m *machine, c *Config) {
			m.nvidiaSMI("0, NVIDIA L4, 23034, 1, 22800, 550\nnot a gpu line", 0)
		}, false, []want{{"gpu", "fail", "want 6 fields", ""}}},
		{"incomplete download", func(m *machine, c *Config) {
			fakeCache(t, m.hub(), 1000, []string{"model-00003-of-00004.safetensors"}, true)
		}, false, []want{{"model weights", "warn", "1 shard(s) missing: model-00003-of-00004.safetensors", "resumes partial files"}}},
		{"partial blob only, offline", func(m *machine, c *Config) {
			fakeCache(t, m.hub(), full, nil, true)
			m.env["HF_HUB_OFFLINE"] = "1"
		}, false, []want{{"model weights", "fail", "partial download", "delete"}}},
		{"truncated copy", func(m *machine, c *Config) {
			fakeCache(t, m.hub(), 1000, nil, false)
		}, false, []want{{"model weights", "warn", "less than the 15.23 GB expected", ""}}},
		{"not cached, offline", func(m *machine, c *Config) {
			m.env["HF_HUB_OFFLINE"] = "1"
		}, false, []want{{"model weights", "fail", "not in the cache", "HF_HUB_OFFLINE is set"}}},
		{"guide's vLLM 0.6.3", func(m *machine, c *Config) { m.vllm("0.6.3") }, false, []want{{"vllm", "fail", "vLLM 0.6.3", "upgrade to vLLM 0.8.0"}}},
		{"ngram needs newer vLLM", func(m *machine, c *Config) { m.vllm("0.8.2"); c.Ngram.Enabled = true }, false, []want{{"vllm", "fail", "0.8.2", "0.8.5"}}},
		{"vLLM as a Python module only", func(m *machine, c *Config) {
			writeScript(t, m.bin, "python3", "echo 0.10.1\n")
		}, false, []want{{"vllm", "ok", "vLLM 0.10.1", ""}}},
		{"small host memory", func(m *machine, c *Config) { m.setMem(16 << 20) }, false, []want{{"host memory", "warn", "16.0 GiB total", "OOM"}}},
		{"unknown model", func(m *machine, c *Config) {
			m.nvidiaSMI(l4Free, 0)
			c.Model = "someone/tiny-model"
		}, false, []want{{"model fits", "skip", "not a preset", "--config"}}},
		{"port in use", func(m *machine, c *Config) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ln.Close() })
			c.Port = ln.Addr().(*net.TCPAddr).Port
		}, false, []want{{"port", "warn", "in use", "doctor --url"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t)
			c := Default()
			c.Port = freePort(t)
			tt.setup(m, &c)
			r := m.doctor(c, "")
			if r.Ready != tt.ready {
				t.Errorf("ready = %v, want %v; verdict %s", r.Ready, tt.ready, r.Verdict)
			}
			for _, w := range tt.wants {
				c, ok := statusOf(r, w.check)
				if !ok {
					t.Errorf("no check %q", w.check)
					continue
				}
				if string(c.Status) != w.status || !strings.Contains(c.Found, w.found) || !strings.Contains(c.Do, w.do) {
					t.Errorf("%s = [%s] %q do %q; want [%s] containing %q, do containing %q", w.check, c.Status, c.Found, c.Do, w.status, w.found, w.do)
				}
				if (c.Status == Fail || c.Status == Warn) && c.Do == "" {
					t.Errorf("%s: a %s without advice", c.Name, c.Status)
				}
			}
			var sb strings.Builder
			WriteReport(&sb, r)
			if !strings.Contains(sb.String(), r.Verdict) {
				t.Error("report lacks the verdict")
			}
		})
	}
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// fakeVLLM is an OpenAI-compatible server as far as the doctor looks.
func fakeVLLM(health int, model, answer, finish string) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(health) })
	mux.HandleFunc("GET /v1/models", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"object":"list","data":[{"id":%q,"object":"model"}]}`, model)
	})
	mux.HandleFunc("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Model    string `json:"model"`
			Messages []struct{ Content string }
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Model != model {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, `{"choices":[{"message":{"role":"assistant","content":%q},"finish_reason":%q}],"usage":{"completion_tokens":9}}`, answer, finish)
	})
	return httptest.NewServer(mux)
}

func TestDoctorURL(t *testing.T) {
	const qwen = "Qwen/Qwen2.5-7B-Instruct"
	tests := []struct {
		name   string
		srv    *httptest.Server
		check  string
		status Status
		found  string
	}{
		{"healthy", fakeVLLM(200, qwen, "She has an error in her sentence.", "stop"), "server correction", OK, "She has an error"},
		{"loading", fakeVLLM(503, qwen, "", "stop"), "server health", Fail, "HTTP 503"},
		{"other model", fakeVLLM(200, "meta-llama/Llama-3.1-8B-Instruct", "", "stop"), "server model", Fail, "not \"Qwen/Qwen2.5-7B-Instruct\""},
		{"truncated", fakeVLLM(200, qwen, "She has an", "length"), "server correction", Fail, "finish_reason length"},
		{"not fixed", fakeVLLM(200, qwen, "She have a eror in her sentence.", "stop"), "server correction", Warn, "eror"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer tt.srv.Close()
			m := newMachine(t)
			for _, url := range []string{tt.srv.URL, tt.srv.URL + "/v1/"} {
				r := m.doctor(Default(), url)
				c, ok := statusOf(r, tt.check)
				if !ok || c.Status != tt.status || !strings.Contains(c.Found, tt.found) {
					t.Errorf("%s: %s = %+v (present %v), want %s with %q", url, tt.check, c, ok, tt.status, tt.found)
				}
				if _, ok := statusOf(r, "port"); ok {
					t.Error("port check with --url")
				}
			}
		})
	}

	m := newMachine(t)
	r := m.doctor(Default(), "http://127.0.0.1:1")
	if c, _ := statusOf(r, "server health"); c.Status != Fail || !strings.Contains(c.Do, "Application startup complete") {
		t.Errorf("unreachable server: %+v", c)
	}
}

func TestParseNvidiaSMI(t *testing.T) {
	gpus, err := ParseNvidiaSMI("0, NVIDIA L4, 23034 MiB, 0 MiB, 22800 MiB, 550.54\n1, NVIDIA L4, 23034, 100, 22700, 550.54\n")
	if err != nil || len(gpus) != 2 || gpus[0].TotalMiB != 23034 || gpus[1].Free != 22700 || gpus[0].Name != "NVIDIA L4" {
		t.Errorf("got %+v, %v", gpus, err)
	}
	for _, bad := range []string{"", "0, L4, x, 0, 0, 1", "x, L4, 1, 0, 0, 1"} {
		if _, err := ParseNvidiaSMI(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestHubDir(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"HF_HUB_CACHE": "/c", "HF_HOME": "/h"}, "/c"},
		{map[string]string{"HF_HOME": "/h"}, "/h/hub"},
		{map[string]string{"XDG_CACHE_HOME": "/x", "HOME": "/home/u"}, "/x/huggingface/hub"},
		{map[string]string{"HOME": "/home/u"}, "/home/u/.cache/huggingface/hub"},
	}
	for _, tt := range tests {
		if got := HubDir(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("HubDir(%v) = %s, want %s", tt.env, got, tt.want)
		}
	}
}

// TestDoctorAPIKey: a server started with --api-key refuses the doctor
// without the key, and answers it with the key sent as a bearer token.
func TestDoctorAPIKey(t *testing.T) {
	const qwen = "Qwen/Qwen2.5-7B-Instruct"
	inner := fakeVLLM(200, qwen, "She has an error in her sentence.", "stop")
	defer inner.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/health" && r.Header.Get("Authorization") != "Bearer s3cret" {
			http.Error(w, `{"error":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		r2, _ := http.NewRequestWithContext(r.Context(), r.Method, inner.URL+r.URL.Path, r.Body)
		r2.Header = r.Header
		resp, err := http.DefaultClient.Do(r2)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	defer srv.Close()
	m := newMachine(t)
	for _, tt := range []struct {
		key    string
		status Status
	}{{"", Fail}, {"s3cret", OK}} {
		r := Doctor(context.Background(), DoctorOptions{Config: Default(), Getenv: func(k string) string { return m.env[k] },
			URL: srv.URL, APIKey: tt.key, MeminfoPath: m.meminfo})
		if c, _ := statusOf(r, "server model"); c.Status != tt.status {
			t.Errorf("key %q: server model = %+v, want %s", tt.key, c, tt.status)
		}
	}
}

func TestImageFor(t *testing.T) {
	tests := []struct {
		tag       string
		cuda      string
		minDriver int
	}{
		{"v0.24.0", "13.0", 580},
		{"v0.24.0-cu129", "12.9", 575},
		{"v0.21.0-cu128", "12.8", 570},
		{"v0.24.0-cu126", "12.6", 560},
	}
	for _, tt := range tests {
		img := ImageFor("vllm/vllm-openai", tt.tag)
		if img.CUDA != tt.cuda || img.MinDriver != tt.minDriver {
			t.Errorf("ImageFor(%q) = CUDA %s driver %d, want %s %d", tt.tag, img.CUDA, img.MinDriver, tt.cuda, tt.minDriver)
		}
	}
	if PinnedImage.Ref() != "vllm/vllm-openai:v0.24.0" || PinnedImage.MinDriver != 580 {
		t.Errorf("pinned image %+v", PinnedImage)
	}
}

// TestDriverFloorFollowsTheImage: the CUDA 12.9 build runs on a 575
// driver that the CUDA 13 build refuses.
func TestDriverFloorFollowsTheImage(t *testing.T) {
	m := newMachine(t)
	m.nvidiaSMI("0, NVIDIA L4, 23034, 1, 22800, 575.57.08", 0)
	for _, tc := range []struct {
		img  Image
		want Status
	}{
		{PinnedImage, Fail},
		{ImageFor("vllm/vllm-openai", "v0.24.0-cu129"), OK},
	} {
		r := Doctor(context.Background(), DoctorOptions{Config: Default(), Image: tc.img, Getenv: func(k string) string { return m.env[k] }, MeminfoPath: m.meminfo})
		c, ok := statusOf(r, "gpu driver")
		if !ok || c.Status != tc.want {
			t.Errorf("%s on driver 575: %+v, want %s", tc.img.Ref(), c, tc.want)
		}
	}
}

// TestInstallHintNamesThePinnedImage keeps the hint's driver floor true.
func TestInstallHintNamesThePinnedImage(t *testing.T) {
	if !strings.Contains(InstallHint, PinnedImage.Ref()) || !strings.Contains(InstallHint, fmt.Sprintf("driver %d", PinnedImage.MinDriver)) {
		t.Errorf("InstallHint does not name %s and its driver %d: %s", PinnedImage.Ref(), PinnedImage.MinDriver, InstallHint)
	}
}
