package charttest

// Checks for a first real cluster (issue 12): nothing here can be applied
// to a cluster on these machines, so each failure mode is a static check of
// the rendered objects.

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	kedav1alpha1 "github.com/kedacore/keda/v2/apis/keda/v1alpha1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	karpv1 "sigs.k8s.io/karpenter/pkg/apis/v1"
	"sigs.k8s.io/yaml"
)

// set returns user values with one more (nested) value.
func set(user map[string]any, path string, v any) map[string]any {
	keys := strings.Split(path, ".")
	m := user
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[keys[len(keys)-1]] = v
	return user
}

// TestClusterlessSecrets: `helm template` and Argo CD cannot read secrets
// back, so a render that would generate one fails with a message saying
// what to set; with existing Secrets named it renders, creates none and
// reads them.
func TestClusterlessSecrets(t *testing.T) {
	_, _, err := renderValues(t, map[string]any{})
	if err == nil || !strings.Contains(err.Error(), "no cluster answers Helm's lookup") || !strings.Contains(err.Error(), "secrets.existingSecret") {
		t.Fatalf("defaults without a cluster: %v, want a failure naming secrets.existingSecret", err)
	}
	user := map[string]any{}
	set(user, "secrets.existingSecret", "app-secrets")
	set(user, "postgresql.internal.existingSecret", "pg-auth")
	_, _, err = renderValues(t, user)
	if err == nil || !strings.Contains(err.Error(), "valkey.internal.existingSecret") {
		t.Fatalf("Valkey's password still generated: %v", err)
	}
	set(user, "valkey.internal.existingSecret", "valkey-auth")
	files, _, err := renderValues(t, user)
	if err != nil {
		t.Fatalf("with existing Secrets: %v", err)
	}
	if strings.Contains(files["appencorrect/templates/secrets.yaml"], "kind: Secret") {
		t.Errorf("a Secret is rendered although every one exists:\n%s", files["appencorrect/templates/secrets.yaml"])
	}
	all := strings.Join([]string{files["appencorrect/templates/api-deployment.yaml"], files["appencorrect/templates/postgresql.yaml"], files["appencorrect/templates/valkey.yaml"]}, "\n")
	for _, name := range []string{"app-secrets", "pg-auth", "valkey-auth"} {
		if !strings.Contains(all, "name: "+name) {
			t.Errorf("no workload reads the existing Secret %s", name)
		}
	}
}

// TestScalingFailsLoudly: an empty Prometheus answer is an error (KEDA's
// fallback acts, never a silent 0), the fallback holds vLLM at its floor,
// and alerts fire when the series the scaling reads are absent.
func TestScalingFailsLoudly(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		for _, o := range r.Find("ScaledObject") {
			so := o.Typed.(*kedav1alpha1.ScaledObject)
			for _, tr := range so.Spec.Triggers {
				if tr.Type == "prometheus" && tr.Metadata["ignoreNullValues"] != "false" {
					t.Errorf("%s/%s: ignoreNullValues %q: an empty result would read as 0", o.Name, tr.Name, tr.Metadata["ignoreNullValues"])
				}
			}
			if o.Name == vllmName {
				if so.Spec.Fallback == nil || so.Spec.Fallback.Replicas != *so.Spec.MinReplicaCount {
					t.Errorf("vLLM fallback %+v: it must hold the floor %d, never start GPUs on its own", so.Spec.Fallback, *so.Spec.MinReplicaCount)
				}
			}
		}
		for _, o := range r.Find("PrometheusRule") {
			alerts := map[string]string{}
			for _, g := range o.Typed.(*monitoringv1.PrometheusRule).Spec.Groups {
				for _, rule := range g.Rules {
					alerts[rule.Alert] = rule.Expr.String()
					if strings.HasSuffix(rule.Alert, "MetricsMissing") && (rule.For == nil || string(*rule.For) != "5m") {
						t.Errorf("%s: for %v, want 5m", rule.Alert, rule.For)
					}
				}
			}
			if !strings.Contains(alerts["AppenCorrectMetricsMissing"], "absent(appencorrect_http_requests_total") {
				t.Errorf("no alert on absent API series: %q", alerts["AppenCorrectMetricsMissing"])
			}
			if r.Get("Deployment", vllmName) != nil && !strings.Contains(alerts["VLLMMetricsMissing"], "absent(vllm:num_requests_running") {
				t.Errorf("no alert on absent vLLM series: %q", alerts["VLLMMetricsMissing"])
			}
		}
	})
}

// TestWakeOnModelCallsOnly: scaled to zero, vLLM wakes on the model calls
// the API makes, never on its raw request rate (which counts 429s and
// cache hits); vLLM's own queries read 0, not nothing, while it is at zero.
func TestWakeOnModelCallsOnly(t *testing.T) {
	r := render(t, "scale-to-zero")
	so := One[kedav1alpha1.ScaledObject](t, r, "ScaledObject", vllmName)
	woken := false
	for _, tr := range so.Spec.Triggers {
		q := tr.Metadata["query"]
		if strings.Contains(q, "appencorrect_http_requests_total") {
			t.Errorf("%s wakes on the HTTP request rate, which counts rate-limited requests: %s", tr.Name, q)
		}
		if strings.Contains(q, "appencorrect_engine_duration_seconds_count") && strings.Contains(q, `engine!="builtin"`) {
			woken = true
			if tr.Metadata["activationThreshold"] == "" {
				t.Errorf("%s: no activationThreshold", tr.Name)
			}
		}
		if strings.Contains(q, "vllm:") && !strings.Contains(q, "or (sum(appencorrect_llm_queued") {
			t.Errorf("%s: at zero replicas vLLM's series vanish and this query errors: %s", tr.Name, q)
		}
	}
	if !woken {
		t.Error("nothing wakes vLLM on model calls")
	}
}

// TestPrivateByDefault: the default Ingress is an internal ALB; an
// internet-facing one needs HTTPS; /metrics is on its own port that no
// Ingress routes to.
func TestPrivateByDefault(t *testing.T) {
	r := render(t, "")
	in := One[networkingv1.Ingress](t, r, "Ingress", apiName)
	if s := in.Annotations["alb.ingress.kubernetes.io/scheme"]; s != "internal" {
		t.Errorf("default ALB scheme %q, want internal", s)
	}
	_, _, err := renderValues(t, set(clusterless(map[string]any{}), "ingress.scheme", "internet-facing"))
	if err == nil || !strings.Contains(err.Error(), "ingress.certificateArn") {
		t.Errorf("internet-facing without a certificate: %v, want a render failure", err)
	}
	user := set(clusterless(map[string]any{}), "ingress.scheme", "internet-facing")
	set(user, "ingress.certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/x")
	if _, _, err := renderValues(t, user); err != nil {
		t.Errorf("internet-facing with a certificate: %v", err)
	}
	forEachCase(t, func(t *testing.T, r *Rendered) {
		d := One[appsv1.Deployment](t, r, "Deployment", apiName)
		c := d.Spec.Template.Spec.Containers[0]
		metricsPort := int32(0)
		for _, p := range c.Ports {
			if p.Name == "metrics" {
				metricsPort = p.ContainerPort
			}
		}
		if e, ok := env(&c, "METRICS_ADDR"); !ok || metricsPort == 0 || e.Value != ":"+itoa(metricsPort) {
			t.Errorf("METRICS_ADDR %+v, metrics port %d: /metrics must have its own port", e, metricsPort)
		}
		for _, o := range r.Find("Ingress") {
			for _, rule := range o.Typed.(*networkingv1.Ingress).Spec.Rules {
				for _, p := range rule.HTTP.Paths {
					if p.Backend.Service.Port.Name == "metrics" || p.Backend.Service.Port.Number == metricsPort {
						t.Errorf("the Ingress routes to the metrics port")
					}
				}
			}
		}
		for _, o := range r.Find("ServiceMonitor") {
			if o.Name == apiName && o.Typed.(*monitoringv1.ServiceMonitor).Spec.Endpoints[0].Port != "metrics" {
				t.Error("the API's ServiceMonitor does not scrape the metrics port")
			}
		}
	})
}

func itoa(n int32) string { b, _ := json.Marshal(n); return string(b) }

// allocatable is what Karpenter counts as allocatable on the GPU instance
// types the NodePool may launch: capacity less Karpenter's 7.5 % VM memory
// overhead, EKS kube-reserved (memory 255 MiB + 11 MiB per pod at the
// ENI-based max-pods of 58; CPU 60m for the first core, 10m for the second,
// 5m for the next two, 2.5m beyond) and the 100 MiB eviction threshold.
// A type missing here fails the test: add its figures before allowing it.
//
// Sources: Karpenter's vmMemoryOverheadPercent default 0.075
// (https://karpenter.sh/docs/reference/settings/); the EKS kube-reserved
// formulas of the amazon-eks-ami bootstrap, which Karpenter's AWS provider
// reproduces (pkg/providers/instancetype/types.go, kubeReservedResources);
// the 100Mi memory.available hard eviction threshold (Kubernetes' default,
// and Karpenter's); max pods from the ENI limits (ENIs x (IPv4 per ENI - 1)
// + 2: 4 x 14 + 2 = 58 for g6.xlarge and g6.2xlarge, 8 x 29 + 2 = 234 for
// g6.4xlarge), https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html.
var allocatable = map[string]struct{ memoryMi, milliCPU int64 }{
	"g6.xlarge":  {16384*925/1000 - (255 + 11*58) - 100, 4000 - 80},    // 14,162 Mi
	"g6.2xlarge": {32768*925/1000 - (255 + 11*58) - 100, 8000 - 90},    // 29,317 Mi
	"g6.4xlarge": {65536*925/1000 - (255 + 11*234) - 100, 16000 - 110}, // 57,692 Mi
}

// TestVLLMFitsItsNode: the vLLM container's memory limit plus its
// memory-backed /dev/shm, and its CPU request, fit every instance type the
// NodePool allows, so the pod is never unschedulable or OOM-killed for it.
func TestVLLMFitsItsNode(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		d, _ := r.Get("Deployment", vllmName).(*appsv1.Deployment)
		if d == nil {
			return
		}
		c := d.Spec.Template.Spec.Containers[0]
		mem := c.Resources.Limits[corev1.ResourceMemory]
		cpu := c.Resources.Requests[corev1.ResourceCPU]
		shm := resource.Quantity{}
		for _, v := range d.Spec.Template.Spec.Volumes {
			if v.Name == "shm" && v.EmptyDir != nil && v.EmptyDir.SizeLimit != nil {
				shm = *v.EmptyDir.SizeLimit
			}
		}
		if shm.IsZero() {
			t.Fatal("no /dev/shm size limit")
		}
		need := mem.Value() + shm.Value()
		types, _ := lookup(r.Values, "vllm", "instanceTypes").([]any)
		for _, it := range types {
			a, ok := allocatable[it.(string)]
			if !ok {
				t.Errorf("instance type %s: no allocatable figures in this test", it)
				continue
			}
			if need > a.memoryMi<<20 {
				t.Errorf("%s: memory limit %s + /dev/shm %s = %d MiB > %d MiB allocatable", it, mem.String(), shm.String(), need>>20, a.memoryMi)
			}
			if cpu.MilliValue() > a.milliCPU {
				t.Errorf("%s: CPU request %s > %dm allocatable", it, cpu.String(), a.milliCPU)
			}
		}
	})
}

// TestScaleToZeroKeepsTheWeights: scaling to zero with a model cache that
// dies with the node fails the render; the scale-to-zero case uses a
// claim that outlives it.
func TestScaleToZeroKeepsTheWeights(t *testing.T) {
	user := set(clusterless(map[string]any{}), "keda.vllm.scaleToZero", true)
	if _, _, err := renderValues(t, user); err == nil || !strings.Contains(err.Error(), "plan --wake") {
		t.Errorf("scale to zero with an emptyDir cache: %v, want a render failure", err)
	}
	d := One[appsv1.Deployment](t, render(t, "scale-to-zero"), "Deployment", vllmName)
	for _, v := range d.Spec.Template.Spec.Volumes {
		if v.Name == "model-cache" && v.PersistentVolumeClaim == nil {
			t.Errorf("scale to zero: the model cache is %+v, not a claim", v.VolumeSource)
		}
	}
	// Weights baked into the image: no cache volume hides them.
	set(user, "vllm.modelCache.type", "image")
	files, _, err := renderValues(t, user)
	if err != nil {
		t.Fatalf("scale to zero with the weights in the image: %v", err)
	}
	if strings.Contains(files["appencorrect/templates/vllm.yaml"], "model-cache") {
		t.Error("modelCache.type image still mounts a cache volume over the image's weights")
	}
}

// TestVLLMImageIsThePinnedOne: the chart and the compose file run the
// image whose driver floor `vllm doctor` checks.
func TestVLLMImageIsThePinnedOne(t *testing.T) {
	var img struct {
		Repository, Tag string
		MinDriver       int `json:"min_driver"`
	}
	if err := json.Unmarshal([]byte(runBinary(t, appencorrectBinary(t), "vllm", "image", "--json")), &img); err != nil {
		t.Fatal(err)
	}
	r := render(t, "")
	c := One[appsv1.Deployment](t, r, "Deployment", vllmName).Spec.Template.Spec.Containers[0]
	if c.Image != img.Repository+":"+img.Tag {
		t.Errorf("chart runs %s, the launcher pins %s:%s", c.Image, img.Repository, img.Tag)
	}
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image string `json:"image"`
		} `json:"services"`
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range compose.Services {
		if strings.HasPrefix(s.Image, img.Repository+":") {
			found = true
			if s.Image != img.Repository+":"+img.Tag {
				t.Errorf("compose runs %s, the launcher pins %s:%s", s.Image, img.Repository, img.Tag)
			}
		}
	}
	if !found || img.MinDriver < 525 {
		t.Errorf("compose has no vLLM service, or driver floor %d", img.MinDriver)
	}
}

// TestNodeExpiryDrains: expiry is one of Karpenter's forceful methods (the
// NodePool's disruption budgets do not pace it, and nodes launched together
// expire together), so the NodePool needs a terminationGracePeriod long
// enough for vLLM's PodDisruptionBudget to pace the drain: every replica
// replaced one by one, each within its startup probe's budget, plus the
// pod's own grace period. Without one, a node waits for ever on a blocking
// PodDisruptionBudget; with one shorter than the pod's grace period,
// Karpenter deletes the pod as soon as the drain starts.
func TestNodeExpiryDrains(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		if !karpenterOn(r) {
			return
		}
		np := One[karpv1.NodePool](t, r, "NodePool", poolName)
		tgp := np.Spec.Template.Spec.TerminationGracePeriod
		if tgp == nil {
			t.Fatal("NodePool has no terminationGracePeriod: an expired node's drain is unbounded, or its pods get no grace")
		}
		d := One[appsv1.Deployment](t, r, "Deployment", vllmName)
		grace, startup, err := drainTimes(&d.Spec.Template, "vllm")
		if err != nil {
			t.Fatalf("vLLM Deployment: %v", err)
		}
		replicas := lookupInt(r.Values, "keda", "vllm", "maxReplicas")
		if lookup(r.Values, "keda", "enabled") != true {
			replicas = lookupInt(r.Values, "vllm", "replicas")
		}
		need := time.Duration(replicas)*startup + grace
		if tgp.Duration < need {
			t.Errorf("terminationGracePeriod %v < %d replicas x %v startup + %v grace = %v", tgp.Duration, replicas, startup, grace, need)
		}
		pdb := One[policyv1.PodDisruptionBudget](t, r, "PodDisruptionBudget", vllmName)
		if pdb.Spec.MaxUnavailable == nil || pdb.Spec.MaxUnavailable.IntValue() != 1 {
			t.Errorf("vLLM PodDisruptionBudget %+v: the drain is paced only if one pod goes at a time", pdb.Spec)
		}
	})
}

// drainTimes is what a drain paced one pod at a time waits on for each pod
// of template p: its terminationGracePeriodSeconds and the budget of its
// container's startup probe (period x failure threshold). A missing field
// is an error naming it, not a nil dereference.
func drainTimes(p *corev1.PodTemplateSpec, container string) (grace, startup time.Duration, err error) {
	if p.Spec.TerminationGracePeriodSeconds == nil {
		return 0, 0, errors.New("no terminationGracePeriodSeconds: the drain's length is Kubernetes' default, not the chart's")
	}
	grace = time.Duration(*p.Spec.TerminationGracePeriodSeconds) * time.Second
	i := slices.IndexFunc(p.Spec.Containers, func(c corev1.Container) bool { return c.Name == container })
	if i < 0 {
		return 0, 0, fmt.Errorf("no container %q", container)
	}
	sp := p.Spec.Containers[i].StartupProbe
	if sp == nil {
		return 0, 0, fmt.Errorf("container %q has no startup probe: its start has no budget to pace the drain by", container)
	}
	return grace, time.Duration(sp.PeriodSeconds*sp.FailureThreshold) * time.Second, nil
}

// TestDrainTimes: drainTimes reads both durations, and a template without
// either fails with a message naming it.
func TestDrainTimes(t *testing.T) {
	sixty := int64(60)
	probe := &corev1.Probe{PeriodSeconds: 30, FailureThreshold: 60}
	pod := func(grace *int64, c ...corev1.Container) *corev1.PodTemplateSpec {
		return &corev1.PodTemplateSpec{Spec: corev1.PodSpec{TerminationGracePeriodSeconds: grace, Containers: c}}
	}
	tests := []struct {
		name    string
		p       *corev1.PodTemplateSpec
		grace   time.Duration
		startup time.Duration
		err     string
	}{
		{"complete", pod(&sixty, corev1.Container{Name: "sidecar"}, corev1.Container{Name: "vllm", StartupProbe: probe}), time.Minute, 30 * time.Minute, ""},
		{"no grace period", pod(nil, corev1.Container{Name: "vllm", StartupProbe: probe}), 0, 0, "terminationGracePeriodSeconds"},
		{"no startup probe", pod(&sixty, corev1.Container{Name: "vllm"}), 0, 0, "startup probe"},
		{"no container", pod(&sixty), 0, 0, `no container "vllm"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			grace, startup, err := drainTimes(tt.p, "vllm")
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("error %v, want one containing %q", err, tt.err)
			}
			if grace != tt.grace || startup != tt.startup {
				t.Errorf("grace %v, startup %v; want %v, %v", grace, startup, tt.grace, tt.startup)
			}
		})
	}
}

// TestHelmTestPod: `helm test` runs a pod with the API image that sends
// `appencorrect loadtest --smoke` to the API's Service (its DNS name and
// port, /demo/check). The binary must accept the rendered arguments: run
// against a port where nothing listens it fails as a smoke test (exit 1),
// never as bad usage (exit 2).
func TestHelmTestPod(t *testing.T) {
	bin := appencorrectBinary(t)
	forEachCase(t, func(t *testing.T, r *Rendered) {
		p := One[corev1.Pod](t, r, "Pod", releaseName+"-smoke")
		if p.Annotations["helm.sh/hook"] != "test" {
			t.Errorf("annotations %v: not a helm test", p.Annotations)
		}
		if p.Spec.RestartPolicy != corev1.RestartPolicyNever {
			t.Errorf("restartPolicy %q: a failed test must stay failed", p.Spec.RestartPolicy)
		}
		api := One[appsv1.Deployment](t, r, "Deployment", apiName).Spec.Template.Spec.Containers[0]
		c := p.Spec.Containers[0]
		if c.Image != api.Image {
			t.Errorf("test image %s, the API runs %s", c.Image, api.Image)
		}
		if len(c.Args) < 2 || c.Args[0] != "loadtest" || !slices.Contains(c.Args, "--smoke") {
			t.Fatalf("args %q: want loadtest --smoke", c.Args)
		}
		svc := One[corev1.Service](t, r, "Service", apiName)
		port := int32(0)
		for _, sp := range svc.Spec.Ports {
			if sp.Name == "http" {
				port = sp.Port
			}
		}
		wantURL := "http://" + apiName + "." + namespace + ".svc.cluster.local:" + itoa(port) + "/demo/check"
		if got := argValue(c.Args, "--url"); got != wantURL {
			t.Errorf("--url %q, want the API Service %q", got, wantURL)
		}
		args := slices.Clone(c.Args)
		args[slices.Index(args, "--url")+1] = "http://127.0.0.1:1/demo/check"
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Errorf("appencorrect %s against a closed port: %v (want exit 1)\n%s", strings.Join(args, " "), err, out)
		}
	})
	if _, _, err := renderValues(t, set(clusterless(map[string]any{}), "tests.enabled", false)); err != nil {
		t.Fatal(err)
	}
}
