package launcher

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"appencorrect/internal/ops/plan"
)

// Status is the outcome of one check.
type Status string

// Check outcomes: a fail stops vLLM from starting or serving; a warn is a
// risk or a slow path; skip means the check could not apply.
const (
	OK   Status = "ok"
	Warn Status = "warn"
	Fail Status = "fail"
	Skip Status = "skip"
)

// Check is one finding: what was found and what to do about it.
type Check struct {
	Name   string `json:"name"`
	Status Status `json:"status"`
	Found  string `json:"found"`
	Do     string `json:"do,omitempty"`
}

// Report is the doctor's result.
type Report struct {
	Model   string  `json:"model"`
	Checks  []Check `json:"checks"`
	Verdict string  `json:"verdict"`
	// Ready is true when no check failed.
	Ready bool `json:"ready"`
}

// DoctorOptions configure Doctor. Zero values mean the real machine.
type DoctorOptions struct {
	Config Config
	// Getenv reads PATH, HOME, HF_HOME, HF_HUB_CACHE, HF_HUB_OFFLINE.
	Getenv func(string) string
	// Image is the vLLM image the server runs, for the driver check
	// (default PinnedImage).
	Image Image
	// URL of a running vLLM server to check; empty skips those checks.
	URL string
	// APIKey is sent as a bearer token to URL (vLLM's --api-key,
	// VLLM_API_KEY); empty sends none.
	APIKey string
	Client *http.Client
	// MeminfoPath is /proc/meminfo.
	MeminfoPath string
	// CommandTimeout bounds each external command (nvidia-smi, vllm).
	CommandTimeout time.Duration
	// MinVersion is the oldest vLLM that accepts Args (0.8.0).
	MinVersion string
}

// MinVLLMVersion is the oldest vLLM that understands every flag of Args:
// `--generation-config vllm` appeared when the default became "auto" (0.8).
const MinVLLMVersion = "0.8.0"

// MinVLLMVersionNgram is the oldest vLLM assumed to take n-gram
// speculative decoding as --speculative-config JSON.
const MinVLLMVersionNgram = "0.8.5"

// Doctor checks this machine (and, with a URL, a running server) for what
// vLLM needs, in the order the guide's troubleshooting section checks by
// hand.
func Doctor(ctx context.Context, o DoctorOptions) Report {
	if o.Image.Tag == "" {
		o.Image = PinnedImage
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.MeminfoPath == "" {
		o.MeminfoPath = "/proc/meminfo"
	}
	if o.CommandTimeout <= 0 {
		o.CommandTimeout = 15 * time.Second
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 60 * time.Second}
	}
	if o.MinVersion == "" {
		o.MinVersion = MinVLLMVersion
	}
	d := &doctor{o: o, c: o.Config}
	if m, ok := plan.ModelPreset(d.c.Model); ok {
		d.model, d.known = m, true
		d.weights = m.ParamCount() * 2
	}
	r := Report{Model: d.c.Model}
	r.Checks = append(r.Checks, d.gpu(ctx)...)
	cache, cached := d.modelCache()
	r.Checks = append(r.Checks, cache, d.disk(cached), d.hostMemory(), d.version(ctx))
	if o.URL == "" {
		r.Checks = append(r.Checks, d.port())
	} else {
		r.Checks = append(r.Checks, d.server(ctx)...)
	}
	r.Ready, r.Verdict = verdict(r.Checks)
	return r
}

type doctor struct {
	o       DoctorOptions
	c       Config
	model   plan.Model
	known   bool
	weights int64 // expected bytes of weights; 0 when the model is unknown
}

// run executes a command found on the options' PATH with a timeout.
func (d *doctor) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	bin, err := LookPath(name, d.o.Getenv)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, d.o.CommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = []string{"PATH=" + d.o.Getenv("PATH"), "HOME=" + d.o.Getenv("HOME")}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = strings.TrimSpace(string(out))
		}
		return out, fmt.Errorf("%s: %w: %s", name, err, lastLine(msg))
	}
	return out, nil
}

// GPUInfo is one line of nvidia-smi's query output.
type GPUInfo struct {
	Index                   int
	Name                    string
	TotalMiB, UsedMiB, Free int64
	Driver                  string
}

// ParseNvidiaSMI reads `nvidia-smi --query-gpu=index,name,memory.total,
// memory.used,memory.free,driver_version --format=csv,noheader,nounits`.
func ParseNvidiaSMI(out string) ([]GPUInfo, error) {
	var gpus []GPUInfo
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.Split(line, ",")
		if len(f) < 6 {
			return nil, fmt.Errorf("nvidia-smi line %q: want 6 fields", line)
		}
		for i := range f {
			f[i] = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f[i]), "MiB"))
		}
		var g GPUInfo
		var err error
		if g.Index, err = strconv.Atoi(f[0]); err != nil {
			return nil, fmt.Errorf("nvidia-smi line %q: index: %w", line, err)
		}
		g.Name = f[1]
		nums := []*int64{&g.TotalMiB, &g.UsedMiB, &g.Free}
		for i, p := range nums {
			v, err := strconv.ParseInt(f[2+i], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("nvidia-smi line %q: memory: %w", line, err)
			}
			*p = v
		}
		g.Driver = f[5]
		gpus = append(gpus, g)
	}
	if len(gpus) == 0 {
		return nil, errors.New("nvidia-smi listed no GPU")
	}
	return gpus, nil
}

func (d *doctor) gpu(ctx context.Context) []Check {
	out, err := d.run(ctx, "nvidia-smi", "--query-gpu=index,name,memory.total,memory.used,memory.free,driver_version", "--format=csv,noheader,nounits")
	if errors.Is(err, exec.ErrNotFound) {
		return []Check{{Name: "gpu", Status: Fail, Found: "no nvidia-smi on PATH: this machine has no NVIDIA driver, so no GPU vLLM can use",
			Do: "run vLLM on a GPU node (one L4 24 GB, e.g. AWS g6.xlarge, holds Qwen2.5-7B in bf16); on this machine use `appencorrect sim` for tests and demos"}}
	}
	if err != nil {
		return []Check{{Name: "gpu", Status: Fail, Found: "nvidia-smi failed: " + err.Error(),
			Do: "the driver is not usable: run `nvidia-smi` by hand; in a container, request the GPU (docker --gpus all, Kubernetes resources.limits nvidia.com/gpu: 1) and use the NVIDIA container runtime"}}
	}
	gpus, err := ParseNvidiaSMI(string(out))
	if err != nil {
		return []Check{{Name: "gpu", Status: Fail, Found: err.Error(), Do: "run `nvidia-smi` by hand and check the driver"}}
	}
	var names []string
	for _, g := range gpus {
		names = append(names, fmt.Sprintf("#%d %s %d MiB (%d MiB free)", g.Index, g.Name, g.TotalMiB, g.Free))
	}
	checks := []Check{{Name: "gpu", Status: OK, Found: fmt.Sprintf("%d GPU(s), driver %s: %s", len(gpus), gpus[0].Driver, strings.Join(names, "; "))}}

	// The image's CUDA needs a driver branch at least its floor: below it
	// the NVIDIA container runtime refuses to start vLLM at all.
	img := d.o.Image
	drv := Check{Name: "gpu driver", Status: OK,
		Found: fmt.Sprintf("driver %s runs %s (CUDA %s needs %d or later)", gpus[0].Driver, img.Ref(), img.CUDA, img.MinDriver)}
	if major, ok := driverMajor(gpus[0].Driver); !ok {
		drv.Status, drv.Found = Warn, fmt.Sprintf("driver version %q is not a number", gpus[0].Driver)
	} else if major < img.MinDriver {
		drv.Status = Fail
		drv.Found = fmt.Sprintf("driver %s is older than the %d that %s (CUDA %s) needs", gpus[0].Driver, img.MinDriver, img.Ref(), img.CUDA)
		drv.Do = fmt.Sprintf("install NVIDIA driver %d or later (on EKS: an AL2023 NVIDIA AMI of 2026 or later), or run the CUDA 12.9 build %s-cu129, which needs 575", img.MinDriver, img.Ref())
		if img.CUDA != "13.0" {
			drv.Do = fmt.Sprintf("install NVIDIA driver %d or later, or run a vLLM image built for an older CUDA", img.MinDriver)
		}
	}
	checks = append(checks, drv)

	// vLLM (tensor parallel 1) uses the first visible GPU and refuses to
	// start when less than utilization × total is free.
	g := gpus[0]
	want := int64(math.Ceil(float64(g.TotalMiB) * d.c.GPUMemoryUtilization))
	mem := Check{Name: "gpu memory", Status: OK,
		Found: fmt.Sprintf("GPU %d: %d MiB free of %d; vLLM takes %.2f × %d = %d MiB", g.Index, g.Free, g.TotalMiB, d.c.GPUMemoryUtilization, g.TotalMiB, want)}
	if g.Free < want {
		mem.Status = Fail
		mem.Do = fmt.Sprintf("another process holds %d MiB (see the processes in `nvidia-smi`): stop it, or set GPU_MEMORY_UTILIZATION to at most %.2f", g.UsedMiB, math.Floor(float64(g.Free)/float64(g.TotalMiB)*100)/100)
	}
	checks = append(checks, mem)

	if !d.known {
		checks = append(checks, Check{Name: "model fits", Status: Skip, Found: fmt.Sprintf("%s is not a preset of `appencorrect plan`; its size is unknown", d.c.Model),
			Do: "size it with `appencorrect plan --config path/to/config.json --gpu ...`"})
		return checks
	}
	in := plan.Defaults()
	in.Model = d.model
	in.GPU = plan.GPU{Name: g.Name, MemoryBytes: g.TotalMiB * plan.MiB, BandwidthBytesPerSec: 300 * plan.GB, FLOPS: 100e12, BF16: true}
	in.MaxModelLen, in.GPUMemoryUtilization = d.c.MaxModelLen, d.c.GPUMemoryUtilization
	in.MaxNumSeqs, in.MaxNumBatchedTokens = d.c.MaxNumSeqs, d.c.MaxNumBatchedTokens
	in.Schedule = nil
	p, err := plan.Compute(in)
	fit := Check{Name: "model fits"}
	switch {
	case err != nil:
		fit.Status, fit.Found = Skip, err.Error()
	case p.KVCacheTokens == 0:
		fit.Status = Fail
		fit.Found = fmt.Sprintf("weights %.1f GiB + reserve %.1f GiB exceed vLLM's budget %.1f GiB", float64(p.WeightsBytes)/plan.GiB, float64(p.ReserveBytes)/plan.GiB, float64(p.BudgetBytes)/plan.GiB)
		fit.Do = "use a GPU with more memory, a quantized model (AWQ/GPTQ), or raise GPU_MEMORY_UTILIZATION if the GPU is otherwise unused"
	case !p.Fits:
		fit.Status = Fail
		fit.Found = fmt.Sprintf("KV cache ≈ %d tokens, less than --max-model-len %d: vLLM refuses to start", p.KVCacheTokens, d.c.MaxModelLen)
		fit.Do = fmt.Sprintf("set VLLM_MAX_MODEL_LEN to at most %d, or raise GPU_MEMORY_UTILIZATION", p.KVCacheTokens/plan.BlockTokens*plan.BlockTokens)
	default:
		fit.Status = OK
		fit.Found = fmt.Sprintf("weights %.1f GiB; KV cache ≈ %.1f GiB = %d tokens = %.1f sequences of %d tokens (estimate; vLLM logs the real figure at start)",
			float64(p.WeightsBytes)/plan.GiB, float64(p.KVCacheBytes)/plan.GiB, p.KVCacheTokens, p.SeqsAtMaxModelLen, d.c.MaxModelLen)
	}
	return append(checks, fit)
}

// HubDir is where Hugging Face keeps models: $HF_HUB_CACHE, else
// $HF_HOME/hub, else ~/.cache/huggingface/hub.
func HubDir(getenv func(string) string) string {
	if v := getenv("HF_HUB_CACHE"); v != "" {
		return v
	}
	if v := getenv("HF_HOME"); v != "" {
		return filepath.Join(v, "hub")
	}
	if v := getenv("XDG_CACHE_HOME"); v != "" {
		return filepath.Join(v, "huggingface", "hub")
	}
	return filepath.Join(getenv("HOME"), ".cache", "huggingface", "hub")
}

// CacheState describes one model in the Hugging Face cache.
type CacheState struct {
	Dir        string
	Present    bool
	Revision   string
	Shards     int
	Missing    []string // shards named by the index but absent
	Partial    int      // .incomplete blobs
	PartialB   int64
	Bytes      int64 // complete files of the snapshot
	HasConfig  bool
	Complete   bool
	Incomplete string // why not complete
}

// InspectCache reads the cache folder of model under hub.
func InspectCache(hub, model string) (CacheState, error) {
	st := CacheState{Dir: filepath.Join(hub, "models--"+strings.ReplaceAll(model, "/", "--"))}
	if _, err := os.Stat(st.Dir); errors.Is(err, os.ErrNotExist) {
		return st, nil
	} else if err != nil {
		return st, fmt.Errorf("reading %s: %w", st.Dir, err)
	}
	st.Present = true
	blobs, _ := os.ReadDir(filepath.Join(st.Dir, "blobs"))
	for _, b := range blobs {
		if strings.HasSuffix(b.Name(), ".incomplete") {
			st.Partial++
			if fi, err := b.Info(); err == nil {
				st.PartialB += fi.Size()
			}
		}
	}
	if ref, err := os.ReadFile(filepath.Join(st.Dir, "refs", "main")); err == nil {
		st.Revision = strings.TrimSpace(string(ref))
	}
	snaps, _ := os.ReadDir(filepath.Join(st.Dir, "snapshots"))
	if st.Revision == "" && len(snaps) > 0 {
		names := make([]string, 0, len(snaps))
		for _, s := range snaps {
			names = append(names, s.Name())
		}
		sort.Strings(names)
		st.Revision = names[len(names)-1]
	}
	snap := filepath.Join(st.Dir, "snapshots", st.Revision)
	if st.Revision == "" {
		st.Incomplete = "no snapshot: the download never finished a file"
		return st, nil
	}
	files, err := os.ReadDir(snap)
	if err != nil {
		st.Incomplete = "snapshot " + st.Revision + " is missing"
		return st, nil
	}
	have := map[string]bool{}
	for _, f := range files {
		fi, err := os.Stat(filepath.Join(snap, f.Name())) // follows the blob symlink
		if err != nil {
			continue // dangling link: blob not downloaded
		}
		have[f.Name()] = true
		st.Bytes += fi.Size()
		if strings.HasSuffix(f.Name(), ".safetensors") {
			st.Shards++
		}
	}
	st.HasConfig = have["config.json"]
	if idx, err := os.ReadFile(filepath.Join(snap, "model.safetensors.index.json")); err == nil {
		var index struct {
			WeightMap map[string]string `json:"weight_map"`
		}
		if err := json.Unmarshal(idx, &index); err == nil {
			seen := map[string]bool{}
			for _, shard := range index.WeightMap {
				if !seen[shard] && !have[shard] {
					st.Missing = append(st.Missing, shard)
				}
				seen[shard] = true
			}
			sort.Strings(st.Missing)
		}
	}
	switch {
	case !st.HasConfig:
		st.Incomplete = "config.json is missing"
	case st.Shards == 0:
		st.Incomplete = "no .safetensors weights"
	case len(st.Missing) > 0:
		st.Incomplete = fmt.Sprintf("%d shard(s) missing: %s", len(st.Missing), strings.Join(st.Missing, ", "))
	case st.Partial > 0:
		st.Incomplete = fmt.Sprintf("%d partial download(s) (.incomplete, %.1f GB so far)", st.Partial, float64(st.PartialB)/plan.GB)
	default:
		st.Complete = true
	}
	return st, nil
}

func (d *doctor) modelCache() (Check, int64) {
	c := Check{Name: "model weights"}
	if isLocalPath(d.c.Model) {
		if _, err := os.Stat(filepath.Join(d.c.Model, "config.json")); err != nil {
			c.Status, c.Found, c.Do = Fail, d.c.Model+" has no config.json", "point VLLM_MODEL at a folder with config.json and *.safetensors"
			return c, 0
		}
		c.Status, c.Found = OK, "local model folder "+d.c.Model
		return c, d.weights
	}
	hub := HubDir(d.o.Getenv)
	st, err := InspectCache(hub, d.c.Model)
	if err != nil {
		c.Status, c.Found, c.Do = Fail, err.Error(), "check the permissions of "+hub
		return c, 0
	}
	fetch := fmt.Sprintf("`HF_HOME=%s hf download %s` (or `huggingface-cli download` with older huggingface_hub)", filepath.Dir(hub), d.c.Model)
	offline := d.o.Getenv("HF_HUB_OFFLINE") == "1" || strings.EqualFold(d.o.Getenv("HF_HUB_OFFLINE"), "true")
	switch {
	case !st.Present:
		c.Status = Warn
		c.Found = fmt.Sprintf("%s is not in the cache %s", d.c.Model, hub)
		c.Do = fmt.Sprintf("vLLM downloads %s at first start (needs access to huggingface.co); fetch it ahead with %s, and keep HF_HOME on a persistent volume", sizeOr(d.weights, "the weights"), fetch)
		if offline {
			c.Status = Fail
			c.Do = "HF_HUB_OFFLINE is set, so vLLM cannot download: " + c.Do
		}
	case st.Complete:
		c.Status = OK
		c.Found = fmt.Sprintf("complete in %s: revision %s, %d safetensors file(s), %.2f GB", st.Dir, short(st.Revision), st.Shards, float64(st.Bytes)/plan.GB)
		if d.weights > 0 && float64(st.Bytes) < 0.9*float64(d.weights) {
			c.Status = Warn
			c.Found += fmt.Sprintf(", less than the %.2f GB expected for bf16", float64(d.weights)/plan.GB)
			c.Do = "a quantized or truncated copy? compare with the model page; re-download with " + fetch
		}
	default:
		c.Status = Warn
		c.Found = fmt.Sprintf("incomplete in %s: %s (%.2f GB complete)", st.Dir, st.Incomplete, float64(st.Bytes)/plan.GB)
		c.Do = "finish the download with " + fetch + " (it resumes partial files), or delete " + st.Dir + " and let vLLM download again"
		if offline {
			c.Status = Fail
		}
	}
	return c, st.Bytes
}

func (d *doctor) disk(cached int64) Check {
	c := Check{Name: "disk"}
	hub := HubDir(d.o.Getenv)
	dir := existingParent(hub)
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		c.Status, c.Found = Skip, fmt.Sprintf("cannot read free space of %s: %v", dir, err)
		return c
	}
	free := int64(fs.Bavail) * int64(fs.Bsize)
	if d.weights == 0 {
		c.Status, c.Found = OK, fmt.Sprintf("%.1f GB free at %s (model size unknown)", float64(free)/plan.GB, dir)
		return c
	}
	need := int64(float64(d.weights-cached) * 1.1)
	if need < 0 {
		need = 0
	}
	c.Found = fmt.Sprintf("%.1f GB free at %s; the model needs %.1f GB more (weights %.1f GB − %.1f GB cached, + 10%%)", float64(free)/plan.GB, dir, float64(need)/plan.GB, float64(d.weights)/plan.GB, float64(cached)/plan.GB)
	c.Status = OK
	if free < need {
		c.Status = Fail
		c.Do = fmt.Sprintf("free %.1f GB, or put HF_HOME on a larger volume (the guide's first run downloads ~15 GB)", float64(need-free)/plan.GB)
	}
	return c
}

func (d *doctor) hostMemory() Check {
	c := Check{Name: "host memory"}
	total, avail, err := readMeminfo(d.o.MeminfoPath)
	if err != nil {
		c.Status, c.Found = Skip, err.Error()
		return c
	}
	c.Found = fmt.Sprintf("%.1f GiB total, %.1f GiB available", float64(total)/plan.GiB, float64(avail)/plan.GiB)
	c.Status = OK
	if d.weights > 0 {
		c.Found += fmt.Sprintf("; weights %.1f GiB", float64(d.weights)/plan.GiB)
		if avail < d.weights+2*plan.GiB {
			c.Status = Warn
			c.Do = "loading reads the weights through the page cache; with less free memory than the weights it is slow and the process may be OOM-killed: give the pod at least weights + 4 GiB (g6.xlarge has 16 GiB, tight for a 15 GB model; g6.2xlarge has 32)"
		}
	}
	return c
}

func readMeminfo(path string) (total, avail int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, fmt.Errorf("reading host memory: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		v, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			continue
		}
		switch fields[0] {
		case "MemTotal:":
			total = v * 1024
		case "MemAvailable:":
			avail = v * 1024
		}
	}
	if total == 0 {
		return 0, 0, fmt.Errorf("%s has no MemTotal", path)
	}
	return total, avail, sc.Err()
}

func (d *doctor) version(ctx context.Context) Check {
	c := Check{Name: "vllm"}
	out, err := d.run(ctx, "vllm", "--version")
	if errors.Is(err, exec.ErrNotFound) {
		out, err = d.run(ctx, "python3", "-c", "import vllm; print(vllm.__version__)")
	}
	if err != nil {
		c.Status = Fail
		c.Found = "vLLM is not installed (no `vllm` command, no importable vllm module)"
		if !errors.Is(err, exec.ErrNotFound) {
			c.Found += ": " + err.Error()
		}
		c.Do = InstallHint
		return c
	}
	v := lastLine(string(out))
	c.Found = "vLLM " + v
	min := d.o.MinVersion
	if d.c.Ngram.Enabled && compareVersions(MinVLLMVersionNgram, min) > 0 {
		min = MinVLLMVersionNgram
	}
	if compareVersions(v, min) < 0 {
		c.Status = Fail
		c.Do = fmt.Sprintf("upgrade to vLLM %s or later (`pip install -U vllm`): older versions reject `--generation-config vllm`%s (the guide installed 0.6.3)", min, ngramNote(d.c))
		return c
	}
	c.Status = OK
	return c
}

func ngramNote(c Config) string {
	if c.Ngram.Enabled {
		return " or --speculative-config"
	}
	return ""
}

func (d *doctor) port() Check {
	c := Check{Name: "port"}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(d.c.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		c.Status = Warn
		c.Found = fmt.Sprintf("port %d is in use (%v)", d.c.Port, err)
		c.Do = fmt.Sprintf("if vLLM already runs there, check it with `appencorrect vllm doctor --url http://127.0.0.1:%d`; otherwise stop the other process or set VLLM_PORT", d.c.Port)
		return c
	}
	ln.Close()
	c.Status, c.Found = OK, fmt.Sprintf("port %d is free", d.c.Port)
	return c
}

// server checks a running vLLM: /health, /v1/models, one correction.
func (d *doctor) server(ctx context.Context) []Check {
	base := strings.TrimRight(d.o.URL, "/")
	base = strings.TrimSuffix(base, "/v1")
	var out []Check

	h := Check{Name: "server health"}
	code, body, dur, err := d.call(ctx, http.MethodGet, base+"/health", nil)
	switch {
	case err != nil:
		h.Status, h.Found = Fail, fmt.Sprintf("GET %s/health: %v", base, err)
		h.Do = "is vLLM running and reachable? it answers only after loading the model (`Application startup complete.` in its log, minutes after start)"
		return append(out, h)
	case code != http.StatusOK:
		h.Status, h.Found = Fail, fmt.Sprintf("GET /health: HTTP %d %s", code, firstLine(string(body)))
		h.Do = "vLLM is up but unhealthy: read its log (CUDA errors, out of memory)"
		return append(out, h)
	}
	h.Status, h.Found = OK, fmt.Sprintf("GET /health: 200 in %s", dur.Round(time.Millisecond))
	out = append(out, h)

	m := Check{Name: "server model"}
	code, body, _, err = d.call(ctx, http.MethodGet, base+"/v1/models", nil)
	var models struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	served := d.c.Model
	if d.c.ServedModelName != "" {
		served = d.c.ServedModelName
	}
	if err == nil && code == http.StatusOK {
		err = json.Unmarshal(body, &models)
	} else if err == nil {
		err = fmt.Errorf("HTTP %d %s", code, firstLine(string(body)))
	}
	if err != nil {
		m.Status, m.Found, m.Do = Fail, "GET /v1/models: "+err.Error(), "is this an OpenAI-compatible server (vllm serve)?"
		return append(out, m)
	}
	var ids []string
	found := false
	for _, x := range models.Data {
		ids = append(ids, x.ID)
		found = found || x.ID == served
	}
	if !found {
		m.Status = Fail
		m.Found = fmt.Sprintf("serves %q, not %q", ids, served)
		m.Do = "set VLLM_MODEL to the served name (the LLM engine sends it as \"model\"), or start vLLM with that model"
		return append(out, m)
	}
	m.Status, m.Found = OK, fmt.Sprintf("serves %s", served)
	out = append(out, m)

	out = append(out, d.correction(ctx, base, served))
	return out
}

// probeText has two errors any model fixes.
const probeText = "She have a eror in her sentence."

func (d *doctor) correction(ctx context.Context, base, model string) Check {
	c := Check{Name: "server correction"}
	req := map[string]any{
		"model": model,
		"messages": []map[string]string{
			{"role": "system", "content": "Correct the spelling and grammar of the user's text. Reply with the corrected text only."},
			{"role": "user", "content": probeText},
		},
		"temperature": 0,
		"max_tokens":  64,
	}
	body, _ := json.Marshal(req)
	code, resp, dur, err := d.call(ctx, http.MethodPost, base+"/v1/chat/completions", body)
	if err != nil || code != http.StatusOK {
		if err == nil {
			err = fmt.Errorf("HTTP %d %s", code, firstLine(string(resp)))
		}
		c.Status, c.Found, c.Do = Fail, "POST /v1/chat/completions: "+err.Error(), "read vLLM's log for the request; a 400 names the rejected parameter"
		return c
	}
	var cr struct {
		Choices []struct {
			Message struct {
				Content string `json:"content"`
			} `json:"message"`
			FinishReason string `json:"finish_reason"`
		} `json:"choices"`
		Usage struct {
			CompletionTokens int `json:"completion_tokens"`
		} `json:"usage"`
	}
	if err := json.Unmarshal(resp, &cr); err != nil || len(cr.Choices) == 0 {
		c.Status, c.Found, c.Do = Fail, "the completion is not OpenAI JSON with choices", "is this vLLM's OpenAI server?"
		return c
	}
	got := strings.TrimSpace(cr.Choices[0].Message.Content)
	c.Found = fmt.Sprintf("%q → %q in %s (%d tokens, finish_reason %s)", probeText, got, dur.Round(time.Millisecond), cr.Usage.CompletionTokens, cr.Choices[0].FinishReason)
	switch {
	case cr.Choices[0].FinishReason == "length":
		c.Status, c.Do = Fail, "the answer was cut at max_tokens: check --max-model-len and the model's generation limits"
	case !strings.Contains(strings.ToLower(got), "error"):
		c.Status, c.Do = Warn, "the model did not fix \"eror\": check that the served model is an instruct model and that sampling is not overridden (--generation-config vllm)"
	default:
		c.Status = OK
	}
	return c
}

func (d *doctor) call(ctx context.Context, method, url string, body []byte) (int, []byte, time.Duration, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if d.o.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+d.o.APIKey)
	}
	start := time.Now()
	resp, err := d.o.Client.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, b, time.Since(start), err
}

func verdict(checks []Check) (bool, string) {
	var fails, warns []string
	for _, c := range checks {
		switch c.Status {
		case Fail:
			fails = append(fails, c.Name)
		case Warn:
			warns = append(warns, c.Name)
		}
	}
	noGPU := false
	for _, c := range checks {
		if c.Name == "gpu" && c.Status == Fail {
			noGPU = true
		}
	}
	switch {
	case noGPU:
		return false, "NOT READY: this machine cannot run vLLM (no usable NVIDIA GPU). Use `appencorrect sim` here for tests, demos and load tests; run this doctor on the GPU node before deploying. Failed: " + strings.Join(fails, ", ")
	case len(fails) > 0:
		return false, "NOT READY: fix " + strings.Join(fails, ", ") + " (see `do:` under each)"
	case len(warns) > 0:
		return true, "READY with warnings (" + strings.Join(warns, ", ") + "): `appencorrect vllm serve` should start"
	}
	return true, "READY: `appencorrect vllm serve` should start"
}

// WriteReport prints the report for people.
func WriteReport(w io.Writer, r Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "vLLM doctor: %s\n\n", r.Model)
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "[%-4s] %-17s %s\n", strings.ToUpper(string(c.Status)), c.Name, c.Found)
		if c.Do != "" {
			fmt.Fprintf(&b, "       %-17s do: %s\n", "", c.Do)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", r.Verdict)
	_, err := io.WriteString(w, b.String())
	return err
}

// compareVersions compares dotted versions numerically ("0.10.1" > "0.9.2");
// suffixes such as "+cu124" or ".post1" are ignored.
func compareVersions(a, b string) int {
	pa, pb := versionParts(a), versionParts(b)
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func versionParts(v string) []int {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	if i := strings.IndexAny(v, "+ -"); i >= 0 {
		v = v[:i]
	}
	var out []int
	for _, p := range strings.Split(v, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			break // "post1", "dev0", "rc1"
		}
		out = append(out, n)
	}
	return out
}

func isLocalPath(m string) bool {
	return strings.HasPrefix(m, "/") || strings.HasPrefix(m, "./") || strings.HasPrefix(m, "../")
}

func existingParent(p string) string {
	for {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(p)
		if parent == p {
			return p
		}
		p = parent
	}
}

func sizeOr(b int64, s string) string {
	if b > 0 {
		return fmt.Sprintf("%.1f GB", float64(b)/plan.GB)
	}
	return s
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return firstLine(lines[len(lines)-1])
}
