package charttest

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"sigs.k8s.io/yaml"
)

const composeFile = "../compose.yaml"

// composeEnv is deploy/.env.example with every empty secret filled in.
func composeEnv(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf(".env.example: %q", l)
		}
		if v == "" && k != "HF_TOKEN" {
			v = "test-" + strings.ToLower(k)
		}
		env[k] = v
	}
	return env
}

// loadCompose loads a compose file the way `docker compose config` does:
// compose-go, with schema validation, interpolation, normalization and
// the consistency checks.
func loadCompose(t *testing.T, content []byte, env map[string]string) (*types.Project, error) {
	t.Helper()
	abs, err := filepath.Abs(composeFile)
	if err != nil {
		t.Fatal(err)
	}
	return loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  filepath.Dir(abs),
		ConfigFiles: []types.ConfigFile{{Filename: abs, Content: content}},
		Environment: env,
	}, func(o *loader.Options) {
		o.SetProjectName("appencorrect", true)
		o.ResolvePaths = true
	})
}

// TestComposeFile validates deploy/compose.yaml like `docker compose config`
// (no Docker engine runs here) and checks what it means: the six services,
// one GPU for vLLM, vLLM not published, the API wired to vLLM, PostgreSQL
// and Valkey, the vLLM command equal to `appencorrect vllm args`, required
// secrets, and mounted files that exist.
func TestComposeFile(t *testing.T) {
	content, err := os.ReadFile(composeFile)
	if err != nil {
		t.Fatal(err)
	}
	p, err := loadCompose(t, content, composeEnv(t))
	if err != nil {
		t.Fatalf("compose config: %v", err)
	}
	names := p.ServiceNames()
	slices.Sort(names)
	if want := []string{"appencorrect", "grafana", "postgres", "prometheus", "valkey", "vllm"}; !slices.Equal(names, want) {
		t.Fatalf("services %v, want %v", names, want)
	}
	vllm, api := p.Services["vllm"], p.Services["appencorrect"]

	// One NVIDIA GPU reserved for vLLM.
	if vllm.Deploy == nil || vllm.Deploy.Resources.Reservations == nil || len(vllm.Deploy.Resources.Reservations.Devices) != 1 {
		t.Fatal("vllm reserves no GPU")
	}
	dev := vllm.Deploy.Resources.Reservations.Devices[0]
	if dev.Driver != "nvidia" || dev.Count != 1 || !slices.Contains(dev.Capabilities, "gpu") {
		t.Errorf("GPU reservation %+v", dev)
	}
	if len(vllm.Ports) > 0 {
		t.Errorf("vLLM is published on the host: %+v", vllm.Ports)
	}
	if vllm.ShmSize == 0 && vllm.Ipc != "host" {
		t.Error("vLLM has the default 64 MB /dev/shm")
	}
	if vllm.HealthCheck == nil || vllm.HealthCheck.StartPeriod == nil || *vllm.HealthCheck.StartPeriod < types.Duration(20*60e9) {
		t.Errorf("vLLM health check must allow a first download: %+v", vllm.HealthCheck)
	}

	// vLLM runs the launcher's command line.
	var want []string
	if err := json.Unmarshal([]byte(runBinary(t, appencorrectBinary(t), "vllm", "args", "--json")), &want); err != nil {
		t.Fatal(err)
	}
	if strings.Join(vllm.Entrypoint, " ") != "vllm serve" || !slices.Equal([]string(vllm.Command), want) {
		t.Errorf("compose runs\n  %s %s\n`appencorrect vllm args` says\n  vllm serve %s", strings.Join(vllm.Entrypoint, " "), strings.Join(vllm.Command, " "), strings.Join(want, " "))
	}

	// The API talks to the services by name.
	get := func(s types.ServiceConfig, k string) string {
		if v := s.Environment[k]; v != nil {
			return *v
		}
		return ""
	}
	if got := get(api, "VLLM_URL"); got != "http://vllm:8000" {
		t.Errorf("VLLM_URL=%q", got)
	}
	if got := get(api, "VLLM_MODEL"); got != want[0] {
		t.Errorf("VLLM_MODEL=%q, vLLM serves %q", got, want[0])
	}
	for envName, flag := range map[string]string{"VLLM_MAX_NUM_SEQS": "--max-num-seqs", "VLLM_MAX_MODEL_LEN": "--max-model-len"} {
		if got := get(api, envName); got != argValue(want, flag) {
			t.Errorf("%s=%q but vLLM runs with %s %s", envName, got, flag, argValue(want, flag))
		}
	}
	if got := get(api, "DATABASE_URL"); !strings.HasPrefix(got, "postgres://appencorrect:test-postgres_password@postgres:5432/appencorrect") {
		t.Errorf("DATABASE_URL=%q", got)
	}
	if get(api, "VALKEY_HOST") != "valkey" || get(api, "VALKEY_PASSWORD") != get(p.Services["valkey"], "VALKEY_PASSWORD") {
		t.Error("the API's Valkey settings do not match the valkey service")
	}
	if get(api, "VLLM_API_KEY") == "" || get(api, "VLLM_API_KEY") != get(vllm, "VLLM_API_KEY") {
		t.Error("the API and vLLM do not share VLLM_API_KEY")
	}
	for _, dep := range []string{"postgres", "valkey"} {
		if d, ok := api.DependsOn[dep]; !ok || d.Condition != types.ServiceConditionHealthy {
			t.Errorf("appencorrect does not wait for %s to be healthy", dep)
		}
		if p.Services[dep].HealthCheck == nil {
			t.Errorf("%s has no health check", dep)
		}
	}
	if api.User != "65532:65532" || !api.ReadOnly {
		t.Errorf("API container: user %q read-only %v", api.User, api.ReadOnly)
	}
	if api.Build == nil || filepath.Base(api.Build.Dockerfile) != "Dockerfile" {
		t.Errorf("API build %+v", api.Build)
	}
	if len(api.Ports) != 1 || api.Ports[0].Target != 5006 || api.Ports[0].HostIP != "127.0.0.1" {
		t.Errorf("API ports %+v: want 5006 on the loopback by default", api.Ports)
	}

	// Every bind-mounted file exists.
	for _, s := range p.Services {
		for _, v := range s.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				t.Errorf("%s mounts %s: %v", s.Name, v.Source, err)
			}
		}
	}

	// Prometheus scrapes the API and vLLM at their compose addresses.
	var prom struct {
		ScrapeConfigs []struct {
			JobName       string `json:"job_name"`
			HonorLabels   bool   `json:"honor_labels"`
			StaticConfigs []struct {
				Targets []string `json:"targets"`
			} `json:"static_configs"`
		} `json:"scrape_configs"`
		Global map[string]string `json:"global"`
	}
	b, err := os.ReadFile("../compose/prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(b, &prom); err != nil {
		t.Fatalf("prometheus.yml: %v", err)
	}
	targets := map[string]bool{}
	for _, sc := range prom.ScrapeConfigs {
		for _, st := range sc.StaticConfigs {
			for _, tg := range st.Targets {
				targets[tg] = true
			}
		}
		if sc.JobName == "appencorrect" && !sc.HonorLabels {
			t.Error("the appencorrect job must honor the service's endpoint label")
		}
	}
	if !targets["appencorrect:5006"] || !targets["vllm:8000"] {
		t.Errorf("Prometheus targets %v", targets)
	}

	// Prometheus is the newest long-term-support release.
	img := p.Services["prometheus"].Image
	minor := regexp.MustCompile(`^prom/prometheus:v(\d+\.\d+)\.\d+$`).FindStringSubmatch(img)
	if minor == nil || minor[1] != prometheusLTS[len(prometheusLTS)-1].minor {
		t.Errorf("compose runs %s; the current long-term-support release is %s (supported until %s)", img,
			prometheusLTS[len(prometheusLTS)-1].minor, prometheusLTS[len(prometheusLTS)-1].endOfSupport)
	}
}

// prometheusLTS are Prometheus' long-term-support releases, oldest first,
// from https://prometheus.io/docs/introduction/release-cycle/ (source:
// github.com/prometheus/docs, docs/introduction/release-cycle.md). Other
// minor releases get fixes for about 6 weeks; an LTS for a year.
var prometheusLTS = []struct{ minor, endOfSupport string }{
	{"2.53", "2025-07-31"},
	{"3.5", "2026-07-31"},
	{"3.13", "2027-07-31"},
}

// TestComposeRejects: the validation is real: a misspelt key, a missing
// required secret and a wrong type each fail.
func TestComposeRejects(t *testing.T) {
	content, err := os.ReadFile(composeFile)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new string
		dropEnv        string
	}{
		{name: "misspelt service key", old: "    shm_size: 2gb", new: "    shm_sise: 2gb"},
		{name: "wrong type", old: "    read_only: true", new: "    read_only: [yes]"},
		{name: "unknown top-level key", old: "volumes:\n  hf-cache:", new: "volume:\n  hf-cache:"},
		{name: "missing secret", dropEnv: "SECRET_KEY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := string(content)
			if tt.old != "" {
				if !strings.Contains(c, tt.old) {
					t.Fatalf("%q not in compose.yaml", tt.old)
				}
				c = strings.Replace(c, tt.old, tt.new, 1)
			}
			env := composeEnv(t)
			delete(env, tt.dropEnv)
			if _, err := loadCompose(t, []byte(c), env); err == nil {
				t.Error("accepted")
			} else {
				t.Logf("rejected: %v", err)
			}
		})
	}
}
