package charttest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	kedav1alpha1 "github.com/kedacore/keda/v2/apis/keda/v1alpha1"
	"github.com/kedacore/keda/v2/pkg/scalers/scalersconfig"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	promparser "github.com/prometheus/prometheus/promql/parser"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

func scalerConfig(tr kedav1alpha1.ScaleTriggers, i int) *scalersconfig.ScalerConfig {
	return &scalersconfig.ScalerConfig{
		ScalableObjectName:      tr.Name,
		ScalableObjectNamespace: namespace,
		ScalableObjectType:      "ScaledObject",
		TriggerName:             tr.Name,
		TriggerType:             tr.Type,
		TriggerMetadata:         tr.Metadata,
		TriggerIndex:            i,
		ResolvedEnv:             map[string]string{},
		AuthParams:              map[string]string{},
	}
}

// vLLM's metric names the chart relies on (vLLM's /metrics; see
// docs/deployment.md). kube-state-metrics' and Prometheus' own are listed too.
var externalMetrics = map[string]bool{
	"vllm:num_requests_waiting":                 true,
	"vllm:num_requests_running":                 true,
	"vllm:kv_cache_usage_perc":                  true,
	"kube_deployment_spec_replicas":             true,
	"kube_deployment_status_replicas_available": true,
	"up": true,
}

var (
	serviceMetricsOnce sync.Once
	serviceMetrics     map[string]bool
)

// serviceMetricNames reads the metric names the service registers from the
// source of internal/metrics (Namespace "appencorrect" + each Name: and
// desc(...)), with the series a histogram adds.
func serviceMetricNames(t *testing.T) map[string]bool {
	t.Helper()
	serviceMetricsOnce.Do(func() {
		serviceMetrics = map[string]bool{}
		files, _ := filepath.Glob(filepath.Join(repoRoot, "internal/metrics/*.go"))
		nameRe := regexp.MustCompile(`Name:\s*"([a-z0-9_]+)"`)
		descRe := regexp.MustCompile(`desc\("([a-z0-9_]+)"`)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			src := string(b)
			for _, re := range []*regexp.Regexp{nameRe, descRe} {
				for _, m := range re.FindAllStringSubmatch(src, -1) {
					n := "appencorrect_" + m[1]
					serviceMetrics[n] = true
					for _, s := range []string{"_bucket", "_sum", "_count"} {
						serviceMetrics[n+s] = true
					}
				}
			}
		}
	})
	if len(serviceMetrics) == 0 {
		t.Fatal("no metric names found in internal/metrics")
	}
	return serviceMetrics
}

// checkQuery checks a PromQL expression with Prometheus' own parser, and
// that every metric it selects exists (the service's from its source,
// vLLM's and kube-state-metrics' from the list above) and, for the
// service's, is restricted to the release's namespace.
func checkQuery(t *testing.T, what, q string) {
	t.Helper()
	expr, err := promParser.ParseExpr(q)
	if err != nil {
		t.Errorf("%s: PromQL: %v\n  %s", what, err, q)
		return
	}
	known := serviceMetricNames(t)
	n := 0
	for _, sel := range promparser.ExtractSelectors(expr) {
		var name, ns string
		for _, m := range sel {
			switch m.Name {
			case "__name__":
				name = m.Value
			case "namespace":
				ns = m.Value
			}
		}
		n++
		if !known[name] && !externalMetrics[name] {
			t.Errorf("%s: metric %q is neither registered by internal/metrics nor a known vLLM or kube-state-metrics series", what, name)
		}
		if ns != namespace {
			t.Errorf("%s: %s is not restricted to the release's namespace", what, name)
		}
	}
	if n == 0 {
		t.Errorf("%s: selects no series: %s", what, q)
	}
}

// promParser parses PromQL as Prometheus 3 does by default.
var promParser = promparser.NewParser(promparser.Options{})

// TestDashboardConfigMap: the ConfigMap carries deploy/grafana's dashboard
// byte for byte (the chart links to it), as valid JSON, labelled for
// Grafana's sidecar.
func TestDashboardConfigMap(t *testing.T) {
	want := readRepoFile(t, "deploy/grafana/appencorrect-dashboard.json")
	var d map[string]any
	if err := json.Unmarshal(want, &d); err != nil {
		t.Fatalf("dashboard is not JSON: %v", err)
	}
	forEachCase(t, func(t *testing.T, r *Rendered) {
		cms := r.Find("ConfigMap")
		if lookup(r.Values, "grafana", "dashboard", "enabled") != true {
			if len(cms) > 0 {
				t.Error("dashboard rendered while disabled")
			}
			return
		}
		cm := One[corev1.ConfigMap](t, r, "ConfigMap", releaseName+"-dashboard")
		if cm.Data["appencorrect-dashboard.json"] != string(want) {
			t.Error("ConfigMap differs from deploy/grafana/appencorrect-dashboard.json")
		}
		if cm.Labels["grafana_dashboard"] != "1" {
			t.Errorf("labels %v: Grafana's sidecar looks for grafana_dashboard=1", cm.Labels)
		}
	})
}

// TestAPIEnvIsKnown: every variable the chart gives the API container is
// one the service reads (`appencorrect help env`), so a misspelt name
// cannot be silently ignored.
func TestAPIEnvIsKnown(t *testing.T) {
	bin := appencorrectBinary(t)
	out := runBinary(t, bin, "help", "env")
	known := map[string]bool{}
	for _, f := range regexp.MustCompile(`\b[A-Z][A-Z0-9_]{2,}\b`).FindAllString(out, -1) {
		known[f] = true
	}
	forEachCase(t, func(t *testing.T, r *Rendered) {
		p := One[appsv1.Deployment](t, r, "Deployment", apiName)
		for _, e := range p.Spec.Template.Spec.Containers[0].Env {
			if !known[e.Name] {
				t.Errorf("API env %s is not read by the service (`appencorrect help env`)", e.Name)
			}
		}
	})
}

var routesRe = regexp.MustCompile(`endpoint=~"([^"]+)"`)

// TestCheckRoutesExist: the routes the queries count as checks (the vLLM
// wake-up trigger, the latency and degradation alerts) are routes the
// server registers, so a renamed route cannot silently stop waking vLLM.
func TestCheckRoutesExist(t *testing.T) {
	var src strings.Builder
	files, _ := filepath.Glob(filepath.Join(repoRoot, "internal/server/*.go"))
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") {
			b, _ := os.ReadFile(f)
			src.Write(b)
		}
	}
	r := render(t, "scale-to-zero")
	var queries []string
	for _, o := range r.Find("ScaledObject") {
		for _, tr := range o.Typed.(*kedav1alpha1.ScaledObject).Spec.Triggers {
			queries = append(queries, tr.Metadata["query"])
		}
	}
	for _, o := range r.Find("PrometheusRule") {
		for _, g := range o.Typed.(*monitoringv1.PrometheusRule).Spec.Groups {
			for _, rule := range g.Rules {
				queries = append(queries, rule.Expr.String())
			}
		}
	}
	found := 0
	for _, q := range queries {
		for _, m := range routesRe.FindAllStringSubmatch(q, -1) {
			for _, route := range strings.Split(m[1], "|") {
				found++
				if !strings.Contains(src.String(), " "+route+`"`) && !strings.Contains(src.String(), `"`+route+`"`) {
					t.Errorf("query %s: route %s is not registered in internal/server", q, route)
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no endpoint=~ selector found")
	}
}
