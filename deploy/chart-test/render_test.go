// Package charttest renders the AppenCorrect Helm chart with Helm's Go SDK
// (no cluster, no helm binary) for each values file under ci/ and the
// defaults, and decodes every rendered object strictly into its Go type:
// k8s.io/api, KEDA's v1alpha1, Karpenter's v1 (core and AWS provider) and the
// Prometheus Operator's monitoring/v1. An unknown, misspelled or mistyped
// field anywhere fails the test. The other files check what the objects mean
// together (selectors, secrets, probes, scaling, scheduling, policies, PromQL
// queries), compare the vLLM command line with `appencorrect vllm args`, check
// the binary the Dockerfile builds, and validate deploy/compose.yaml with
// compose-go (the library behind `docker compose config`).
//
// It is a separate module so that these heavy dependencies stay out of the
// service's go.mod. Run it with: cd deploy/chart-test && go test ./...
package charttest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/releaseutil"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	awsv1 "github.com/aws/karpenter-provider-aws/pkg/apis/v1"
	kedav1alpha1 "github.com/kedacore/keda/v2/apis/keda/v1alpha1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	karpv1 "sigs.k8s.io/karpenter/pkg/apis/v1"
)

const (
	chartDir    = "../helm/appencorrect"
	repoRoot    = "../.."
	releaseName = "appencorrect"
	namespace   = "appencorrect"
)

// newObject returns an empty typed object for an apiVersion and kind. Every
// kind the chart may render must be listed: anything else fails.
func newObject(apiVersion, kind string) (any, bool) {
	switch apiVersion + "/" + kind {
	case "v1/Secret":
		return &corev1.Secret{}, true
	case "v1/Service":
		return &corev1.Service{}, true
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}, true
	case "v1/Pod":
		return &corev1.Pod{}, true
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}, true
	case "apps/v1/StatefulSet":
		return &appsv1.StatefulSet{}, true
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, true
	case "autoscaling/v2/HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, true
	case "networking.k8s.io/v1/NetworkPolicy":
		return &networkingv1.NetworkPolicy{}, true
	case "networking.k8s.io/v1/Ingress":
		return &networkingv1.Ingress{}, true
	case "keda.sh/v1alpha1/ScaledObject":
		return &kedav1alpha1.ScaledObject{}, true
	case "karpenter.sh/v1/NodePool":
		return &karpv1.NodePool{}, true
	case "karpenter.k8s.aws/v1/EC2NodeClass":
		return &awsv1.EC2NodeClass{}, true
	case "monitoring.coreos.com/v1/ServiceMonitor":
		return &monitoringv1.ServiceMonitor{}, true
	case "monitoring.coreos.com/v1/PrometheusRule":
		return &monitoringv1.PrometheusRule{}, true
	}
	return nil, false
}

// Object is one rendered manifest and its typed value.
type Object struct {
	Template   string // templates/x.yaml
	APIVersion string
	Kind       string
	Name       string
	YAML       string
	Typed      any
}

// Rendered is the chart rendered with one values file.
type Rendered struct {
	Case    string
	Values  chartutil.Values // the coalesced .Values
	Objects []Object
}

// Find returns the objects of a kind.
func (r *Rendered) Find(kind string) []Object {
	var out []Object
	for _, o := range r.Objects {
		if o.Kind == kind {
			out = append(out, o)
		}
	}
	return out
}

// Get returns the object of kind and name, or nil.
func (r *Rendered) Get(kind, name string) any {
	for _, o := range r.Objects {
		if o.Kind == kind && o.Name == name {
			return o.Typed
		}
	}
	return nil
}

// One returns the single object of a kind, failing the test otherwise.
func One[T any](t *testing.T, r *Rendered, kind, name string) *T {
	t.Helper()
	o := r.Get(kind, name)
	if o == nil {
		t.Fatalf("%s: no %s %q rendered; have %s", r.Case, kind, name, r.summary())
	}
	return o.(*T)
}

func (r *Rendered) summary() string {
	var s []string
	for _, o := range r.Objects {
		s = append(s, o.Kind+"/"+o.Name)
	}
	return strings.Join(s, ", ")
}

// Cases are the values files rendered by every test: "" is the defaults.
var Cases = []string{"", "scale-to-zero", "external-databases", "no-karpenter", "minimal"}

func valuesFile(c string) string {
	if c == "" {
		return ""
	}
	return filepath.Join(chartDir, "ci", c+"-values.yaml")
}

func caseName(c string) string {
	if c == "" {
		return "defaults"
	}
	return c
}

var (
	loadOnce  sync.Once
	loaded    *chart.Chart
	loadErr   error
	renderMu  sync.Mutex
	renderMem = map[string]*Rendered{}
)

func loadChart(t *testing.T) *chart.Chart {
	t.Helper()
	loadOnce.Do(func() { loaded, loadErr = loader.Load(chartDir) })
	if loadErr != nil {
		t.Fatalf("load chart: %v", loadErr)
	}
	return loaded
}

// renderValues renders the chart with user values (a values file's content
// plus overrides) and returns the manifests by template, without decoding.
func renderValues(t *testing.T, user map[string]any) (map[string]string, chartutil.Values, error) {
	t.Helper()
	c := loadChart(t)
	caps := chartutil.DefaultCapabilities.Copy()
	kv, err := chartutil.ParseKubeVersion("v1.33.0")
	if err != nil {
		t.Fatal(err)
	}
	caps.KubeVersion = *kv
	vals, err := chartutil.ToRenderValues(c, user, chartutil.ReleaseOptions{
		Name: releaseName, Namespace: namespace, Revision: 1, IsInstall: true,
	}, caps)
	if err != nil {
		return nil, nil, fmt.Errorf("values: %w", err)
	}
	// Strict: a template that reads a value missing from values.yaml fails.
	out, err := engine.Engine{Strict: true}.Render(c, vals)
	if err != nil {
		return nil, nil, err
	}
	v, err := vals.Table("Values")
	if err != nil {
		t.Fatal(err)
	}
	return out, v, nil
}

// clusterless adds what a render without a cluster must be given: no
// lookup answers here (as under `helm template` or Argo CD), so the chart
// refuses to generate secrets, and each case supplies them explicitly as a
// GitOps user would, unless it names existing Secrets.
func clusterless(user map[string]any) map[string]any {
	def := func(path string, v string) {
		if lookup(user, strings.Split(path, ".")...) == nil {
			set(user, path, v)
		}
	}
	if s, _ := lookup(user, "secrets", "existingSecret").(string); s == "" {
		def("secrets.secretKey", "test-secret-key-0123456789abcdef0123456789abcdef")
		def("secrets.vllmApiKey", "test-vllm-api-key-0123456789abcdef")
	}
	def("postgresql.internal.password", "test-postgres-password")
	def("valkey.internal.password", "test-valkey-password")
	return user
}

// render renders one case and decodes every object strictly; results are
// memoized, since several tests look at the same renders.
func render(t *testing.T, c string) *Rendered {
	t.Helper()
	renderMu.Lock()
	defer renderMu.Unlock()
	if r, ok := renderMem[c]; ok {
		return r
	}
	user := map[string]any{}
	if f := valuesFile(c); f != "" {
		v, err := chartutil.ReadValuesFile(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		user = v
	}
	files, vals, err := renderValues(t, clusterless(user))
	if err != nil {
		t.Fatalf("%s: render: %v", caseName(c), err)
	}
	r := &Rendered{Case: caseName(c), Values: vals}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.HasSuffix(n, "NOTES.txt") || strings.HasPrefix(filepath.Base(n), "_") {
			continue
		}
		docs := releaseutil.SplitManifests(files[n])
		keys := make([]string, 0, len(docs))
		for k := range docs {
			keys = append(keys, k)
		}
		sort.Sort(releaseutil.BySplitManifestsOrder(keys))
		for _, k := range keys {
			doc := docs[k]
			if strings.TrimSpace(stripComments(doc)) == "" {
				continue
			}
			o, err := decode(doc)
			if err != nil {
				t.Errorf("%s: %s: %v\n%s", r.Case, n, err, numbered(doc))
				continue
			}
			o.Template = n
			r.Objects = append(r.Objects, o)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	renderMem[c] = r
	return r
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, l := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

func numbered(doc string) string {
	var b strings.Builder
	for i, l := range strings.Split(doc, "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, l)
	}
	return b.String()
}

// decode turns one YAML document into its typed object: duplicate keys,
// unknown fields (case-sensitively) and type mismatches are errors.
func decode(doc string) (Object, error) {
	j, err := yaml.YAMLToJSONStrict([]byte(doc))
	if err != nil {
		return Object{}, fmt.Errorf("yaml: %w", err)
	}
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name string `json:"name"`
		} `json:"metadata"`
	}
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(j, &head); err != nil {
		return Object{}, fmt.Errorf("head: %w", err)
	}
	obj, ok := newObject(head.APIVersion, head.Kind)
	if !ok {
		return Object{}, fmt.Errorf("no Go type for apiVersion %q kind %q", head.APIVersion, head.Kind)
	}
	if err := decodeStrict(j, obj); err != nil {
		return Object{}, fmt.Errorf("%s %s: %w", head.Kind, head.Metadata.Name, err)
	}
	return Object{APIVersion: head.APIVersion, Kind: head.Kind, Name: head.Metadata.Name, YAML: doc, Typed: obj}, nil
}

func decodeStrict(j []byte, obj any) error {
	strictErrs, err := sigsjson.UnmarshalStrict(j, obj)
	if err != nil {
		return err
	}
	if len(strictErrs) > 0 {
		var msgs []string
		for _, e := range strictErrs {
			msgs = append(msgs, e.Error())
		}
		return fmt.Errorf("strict decoding: %s", strings.Join(msgs, "; "))
	}
	return nil
}

// TestRenderAndDecodeStrictly renders every case; render fails the test on
// any object that does not decode strictly into its type.
func TestRenderAndDecodeStrictly(t *testing.T) {
	for _, c := range Cases {
		t.Run(caseName(c), func(t *testing.T) {
			r := render(t, c)
			if len(r.Objects) == 0 {
				t.Fatal("nothing rendered")
			}
			seen := map[string]bool{}
			for _, o := range r.Objects {
				key := o.APIVersion + "/" + o.Kind + "/" + o.Name
				if seen[key] {
					t.Errorf("%s rendered twice", key)
				}
				seen[key] = true
			}
			t.Logf("%d objects: %s", len(r.Objects), r.summary())
			// CHARTTEST_DUMP=DIR writes each case's manifests for review.
			if dir := os.Getenv("CHARTTEST_DUMP"); dir != "" {
				var b strings.Builder
				for _, o := range r.Objects {
					fmt.Fprintf(&b, "---\n# Source: %s\n%s\n", o.Template, strings.TrimSpace(o.YAML))
				}
				if err := os.WriteFile(filepath.Join(dir, r.Case+".yaml"), []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestStrictDecoderRejects proves the decoder is strict: a misspelled field,
// a field in the wrong case, a duplicate key, a wrong type and an unknown
// kind each fail, in core, KEDA, Karpenter and Prometheus Operator objects.
func TestStrictDecoderRejects(t *testing.T) {
	r := render(t, "")
	pick := func(kind string) string {
		objs := r.Find(kind)
		if len(objs) == 0 {
			t.Fatalf("no %s rendered", kind)
		}
		return objs[0].YAML
	}
	tests := []struct {
		name, kind, old, new string
	}{
		{"misspelled Deployment field", "Deployment", "revisionHistoryLimit:", "revisionHistoryLimt:"},
		{"field in the wrong case", "Deployment", "revisionHistoryLimit:", "RevisionHistoryLimit:"},
		{"wrong type", "Deployment", "revisionHistoryLimit: 5", "revisionHistoryLimit: five"},
		{"misspelled ScaledObject field", "ScaledObject", "minReplicaCount:", "minReplicas:"},
		{"KEDA trigger metadata must be strings", "ScaledObject", `value: "60"`, "value: 60"},
		{"misspelled NodePool field", "NodePool", "consolidateAfter:", "consolidationAfter:"},
		{"misspelled EC2NodeClass field", "EC2NodeClass", "amiSelectorTerms:", "amiSelector:"},
		{"misspelled ServiceMonitor field", "ServiceMonitor", "honorLabels:", "honourLabels:"},
		{"unknown kind", "Service", "kind: Service", "kind: Servise"},
		{"duplicate key", "Service", "spec:\n", "spec:\n  type: ClusterIP\n  type: NodePort\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := pick(tt.kind)
			if !strings.Contains(doc, tt.old) {
				t.Fatalf("%q not in the rendered %s", tt.old, tt.kind)
			}
			bad := strings.Replace(doc, tt.old, tt.new, 1)
			if _, err := decode(bad); err == nil {
				t.Errorf("accepted:\n%s", bad)
			} else {
				t.Logf("rejected: %v", err)
			}
		})
	}
}

// TestValuesValidation: configurations the chart must refuse at render time.
func TestValuesValidation(t *testing.T) {
	tests := []struct {
		name string
		vals string
		want string
	}{
		{"external database without URL", "postgresql: {mode: external}", "postgresql.external"},
		{"unknown database mode", "postgresql: {mode: sqlite}", "/postgresql/mode"},
		// values.schema.json: misspelt keys and wrong types fail at install.
		{"misspelt value key", "keda: {vllm: {scaletozero: true}}", "scaletozero"},
		{"misspelt top-level key", "vllms: {}", "vllms"},
		{"number as a string", `vllm: {maxNumSeqs: "64"}`, "/vllm/maxNumSeqs"},
		{"GPU memory share over 1", "vllm: {gpuMemoryUtilization: 1.5}", "/vllm/gpuMemoryUtilization"},
		{"short secret key", "secrets: {secretKey: short}", "/secrets/secretKey"},
		{"unknown capacity type", "karpenter: {nodePool: {capacityTypes: [spotty]}}", "capacityTypes"},
		{"external Valkey without host", "valkey: {mode: external}", "valkey.external.host"},
		{"no vLLM and no URL", "vllm: {enabled: false}", "llm.url"},
		{"model cache claim missing", "vllm: {modelCache: {type: pvc}}", "existingClaim"},
		{"scale to zero without metrics", "keda: {vllm: {scaleToZero: true}}\nmonitoring: {serviceMonitor: {enabled: false}}", "scaleToZero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := chartutil.ReadValues([]byte(tt.vals))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = renderValues(t, v)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("render error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

// readRepoFile reads a file of the main module.
func readRepoFile(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
