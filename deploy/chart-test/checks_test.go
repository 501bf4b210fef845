package charttest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	awsv1 "github.com/aws/karpenter-provider-aws/pkg/apis/v1"
	kedav1alpha1 "github.com/kedacore/keda/v2/apis/keda/v1alpha1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	karpv1 "sigs.k8s.io/karpenter/pkg/apis/v1"
)

const (
	apiName    = releaseName + "-api"
	vllmName   = releaseName + "-vllm"
	poolName   = releaseName + "-gpu"
	gpuRes     = corev1.ResourceName("nvidia.com/gpu")
	apiPort    = 5006
	vllmPort   = 8000
	secretName = releaseName + "-secrets"
)

// forEachCase runs f on every rendered case as a subtest.
func forEachCase(t *testing.T, f func(t *testing.T, r *Rendered)) {
	for _, c := range Cases {
		t.Run(caseName(c), func(t *testing.T) { f(t, render(t, c)) })
	}
}

// podTemplates returns the pod templates of every workload, by kind/name.
func podTemplates(r *Rendered) map[string]*corev1.PodTemplateSpec {
	out := map[string]*corev1.PodTemplateSpec{}
	for _, o := range r.Objects {
		switch w := o.Typed.(type) {
		case *appsv1.Deployment:
			out["Deployment/"+o.Name] = &w.Spec.Template
		case *appsv1.StatefulSet:
			out["StatefulSet/"+o.Name] = &w.Spec.Template
		case *corev1.Pod:
			out["Pod/"+o.Name] = &corev1.PodTemplateSpec{ObjectMeta: w.ObjectMeta, Spec: w.Spec}
		}
	}
	return out
}

// kindsOf lists the kinds rendered, for presence checks.
func has(r *Rendered, kind, name string) bool { return r.Get(kind, name) != nil }

// TestExpectedObjects: each values file renders the objects it is for.
func TestExpectedObjects(t *testing.T) {
	type want struct {
		kind, name string
		present    bool
	}
	common := []want{
		{"Deployment", apiName, true}, {"Service", apiName, true}, {"PodDisruptionBudget", apiName, true},
		{"Deployment", vllmName, true}, {"Service", vllmName, true}, {"PodDisruptionBudget", vllmName, true},
		{"NetworkPolicy", vllmName, true},
	}
	cases := map[string][]want{
		"": {
			{"ScaledObject", apiName, true}, {"ScaledObject", vllmName, true}, {"HorizontalPodAutoscaler", apiName, false},
			{"NodePool", poolName, true}, {"EC2NodeClass", poolName, true},
			{"StatefulSet", releaseName + "-postgresql", true}, {"Deployment", releaseName + "-valkey", true},
			{"Secret", secretName, true}, {"Secret", releaseName + "-postgresql", true}, {"Secret", releaseName + "-valkey", true},
			{"NetworkPolicy", releaseName + "-postgresql", true}, {"NetworkPolicy", releaseName + "-valkey", true},
			{"ServiceMonitor", apiName, true}, {"ServiceMonitor", vllmName, true}, {"PrometheusRule", releaseName, true},
			{"ConfigMap", releaseName + "-dashboard", true}, {"Ingress", apiName, true},
		},
		"scale-to-zero": {{"ScaledObject", vllmName, true}, {"NodePool", poolName, true}},
		"external-databases": {
			{"StatefulSet", releaseName + "-postgresql", false}, {"Deployment", releaseName + "-valkey", false},
			{"Secret", secretName, false}, {"Secret", releaseName + "-postgresql", false}, {"Secret", releaseName + "-valkey", false},
			{"NetworkPolicy", releaseName + "-postgresql", false},
		},
		"no-karpenter": {{"NodePool", poolName, false}, {"EC2NodeClass", poolName, false}, {"ScaledObject", vllmName, true}},
		"minimal": {
			{"ScaledObject", apiName, false}, {"ScaledObject", vllmName, false}, {"HorizontalPodAutoscaler", apiName, true},
			{"NodePool", poolName, false}, {"ServiceMonitor", apiName, false}, {"PrometheusRule", releaseName, false},
			{"ConfigMap", releaseName + "-dashboard", false}, {"Ingress", apiName, false}, {"Deployment", releaseName + "-valkey", false},
		},
	}
	for _, c := range Cases {
		t.Run(caseName(c), func(t *testing.T) {
			r := render(t, c)
			for _, w := range append(common, cases[c]...) {
				if got := has(r, w.kind, w.name); got != w.present {
					t.Errorf("%s %s present=%v, want %v", w.kind, w.name, got, w.present)
				}
			}
		})
	}
}

// TestNamesAndLabels: names are valid DNS labels short enough for what
// derives from them (KEDA's keda-hpa-<name>), and every object carries the
// chart's labels.
func TestNamesAndLabels(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		for _, o := range r.Objects {
			if errs := validation.IsDNS1123Subdomain(o.Name); len(errs) > 0 {
				t.Errorf("%s %q: %v", o.Kind, o.Name, errs)
			}
			if o.Kind == "Service" || o.Kind == "ScaledObject" {
				if errs := validation.IsDNS1035Label(o.Name); len(errs) > 0 {
					t.Errorf("%s %q: %v", o.Kind, o.Name, errs)
				}
			}
			if o.Kind == "ScaledObject" && len("keda-hpa-"+o.Name) > 63 {
				t.Errorf("ScaledObject %q: its HPA name is over 63 characters", o.Name)
			}
			meta := objectMeta(o.Typed)
			for _, k := range []string{"app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component", "helm.sh/chart"} {
				if meta.Labels[k] == "" {
					t.Errorf("%s %q: no label %s", o.Kind, o.Name, k)
				}
			}
			for k, v := range meta.Labels {
				if errs := validation.IsQualifiedName(k); len(errs) > 0 {
					t.Errorf("%s %q: label key %q: %v", o.Kind, o.Name, k, errs)
				}
				if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
					t.Errorf("%s %q: label %s=%q: %v", o.Kind, o.Name, k, v, errs)
				}
			}
		}
	})
}

func objectMeta(o any) metav1.ObjectMeta {
	b, _ := json.Marshal(o)
	var m struct {
		Metadata metav1.ObjectMeta `json:"metadata"`
	}
	json.Unmarshal(b, &m)
	return m.Metadata
}

// TestSelectorsMatch: every Deployment and StatefulSet selects its own pods;
// every Service, PodDisruptionBudget and NetworkPolicy selects pods of some
// workload, and Services' named target ports exist on those pods.
func TestSelectorsMatch(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		pods := podTemplates(r)
		for _, o := range r.Objects {
			switch w := o.Typed.(type) {
			case *appsv1.Deployment:
				mustSelect(t, o.Kind+"/"+o.Name, w.Spec.Selector, w.Spec.Template.Labels)
			case *appsv1.StatefulSet:
				mustSelect(t, o.Kind+"/"+o.Name, w.Spec.Selector, w.Spec.Template.Labels)
				if !has(r, "Service", w.Spec.ServiceName) {
					t.Errorf("StatefulSet %s: serviceName %q is not rendered", o.Name, w.Spec.ServiceName)
				}
			}
		}
		matching := func(sel labels.Selector) []*corev1.PodTemplateSpec {
			var out []*corev1.PodTemplateSpec
			for _, p := range pods {
				if sel.Matches(labels.Set(p.Labels)) {
					out = append(out, p)
				}
			}
			return out
		}
		for _, o := range r.Objects {
			switch s := o.Typed.(type) {
			case *corev1.Service:
				ps := matching(labels.SelectorFromSet(s.Spec.Selector))
				if len(ps) != 1 {
					t.Errorf("Service %s selects %d workloads, want 1", o.Name, len(ps))
					continue
				}
				for _, port := range s.Spec.Ports {
					if port.TargetPort.Type == intstr.String && containerPort(ps[0], port.TargetPort.StrVal) == 0 {
						t.Errorf("Service %s: targetPort %q is no container port", o.Name, port.TargetPort.StrVal)
					}
				}
			case *policyv1.PodDisruptionBudget:
				sel, err := metav1.LabelSelectorAsSelector(s.Spec.Selector)
				if err != nil || len(matching(sel)) != 1 {
					t.Errorf("PodDisruptionBudget %s selects %d workloads (%v)", o.Name, len(matching(sel)), err)
				}
				if s.Spec.MinAvailable != nil {
					t.Errorf("PodDisruptionBudget %s: minAvailable can block node drains at low replica counts; use maxUnavailable", o.Name)
				}
			case *networkingv1.NetworkPolicy:
				sel, err := metav1.LabelSelectorAsSelector(&s.Spec.PodSelector)
				if err != nil || len(matching(sel)) != 1 {
					t.Errorf("NetworkPolicy %s selects %d workloads (%v)", o.Name, len(matching(sel)), err)
				}
			}
		}
	})
}

func mustSelect(t *testing.T, what string, sel *metav1.LabelSelector, l map[string]string) {
	t.Helper()
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil || !s.Matches(labels.Set(l)) {
		t.Errorf("%s: selector %v does not match its pod labels %v (%v)", what, sel, l, err)
	}
}

func containerPort(p *corev1.PodTemplateSpec, name string) int32 {
	for _, c := range p.Spec.Containers {
		for _, port := range c.Ports {
			if port.Name == name {
				return port.ContainerPort
			}
		}
	}
	return 0
}

// existingSecrets are the Secrets a values file says exist outside the chart.
func existingSecrets(r *Rendered) map[string]bool {
	out := map[string]bool{}
	for _, path := range [][]string{{"secrets", "existingSecret"}, {"postgresql", "external", "existingSecret"}, {"valkey", "external", "existingSecret"},
		{"postgresql", "internal", "existingSecret"}, {"valkey", "internal", "existingSecret"}} {
		if s, _ := lookup(r.Values, path...).(string); s != "" {
			out[s] = true
		}
	}
	return out
}

func lookup(v map[string]any, path ...string) any {
	var cur any = v
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

// TestSecretReferences: every secretKeyRef names a Secret the chart renders
// (with that key) or one the values declare as existing; no secret value is
// written in plain env.
func TestSecretReferences(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		ext := existingSecrets(r)
		for where, p := range podTemplates(r) {
			for _, c := range p.Spec.Containers {
				for _, e := range c.Env {
					if e.Value != "" && (strings.Contains(e.Name, "PASSWORD") || strings.Contains(e.Name, "SECRET") || strings.HasSuffix(e.Name, "_KEY") || e.Name == "DATABASE_URL") {
						t.Errorf("%s: %s is a plain value, not a secretKeyRef", where, e.Name)
					}
					if e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
						continue
					}
					ref := e.ValueFrom.SecretKeyRef
					if ext[ref.Name] {
						continue
					}
					s, _ := r.Get("Secret", ref.Name).(*corev1.Secret)
					if s == nil {
						t.Errorf("%s: %s reads Secret %q, which is neither rendered nor declared existing", where, e.Name, ref.Name)
						continue
					}
					if _, ok := s.StringData[ref.Key]; !ok && (ref.Optional == nil || !*ref.Optional) {
						t.Errorf("%s: %s reads key %q that Secret %q lacks", where, e.Name, ref.Key, ref.Name)
					}
				}
			}
		}
		for _, o := range r.Find("Secret") {
			for k, v := range o.Typed.(*corev1.Secret).StringData {
				if v == "" {
					t.Errorf("Secret %s: %s is empty", o.Name, k)
				}
			}
		}
	})
}

func container(t *testing.T, p *corev1.PodTemplateSpec, name string) *corev1.Container {
	t.Helper()
	for i := range p.Spec.Containers {
		if p.Spec.Containers[i].Name == name {
			return &p.Spec.Containers[i]
		}
	}
	t.Fatalf("no container %q", name)
	return nil
}

func env(c *corev1.Container, name string) (corev1.EnvVar, bool) {
	for _, e := range c.Env {
		if e.Name == name {
			return e, true
		}
	}
	return corev1.EnvVar{}, false
}

// TestAPIWorkload: probes on /health, resources, rolling updates that keep
// capacity, graceful shutdown, hardening, spread over zones, and the
// connection to vLLM through its headless Service.
func TestAPIWorkload(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		d := One[appsv1.Deployment](t, r, "Deployment", apiName)
		p := &d.Spec.Template
		c := container(t, p, "api")
		for name, pr := range map[string]*corev1.Probe{"startup": c.StartupProbe, "readiness": c.ReadinessProbe, "liveness": c.LivenessProbe} {
			if pr == nil || pr.HTTPGet == nil || pr.HTTPGet.Path != "/health" || pr.HTTPGet.Port.StrVal != "http" {
				t.Errorf("%s probe is not GET /health on the http port: %+v", name, pr)
			}
		}
		if containerPort(p, "http") != apiPort {
			t.Errorf("http port %d, want %d", containerPort(p, "http"), apiPort)
		}
		if e, _ := env(c, "PORT"); e.Value != fmt.Sprint(apiPort) {
			t.Errorf("PORT=%q", e.Value)
		}
		if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
			t.Errorf("resources incomplete: %+v", c.Resources)
		}
		if d.Spec.Strategy.RollingUpdate == nil || d.Spec.Strategy.RollingUpdate.MaxUnavailable.IntValue() != 0 {
			t.Errorf("a rolling update may lower capacity: %+v", d.Spec.Strategy)
		}
		// Graceful stop: the preStop pause plus SHUTDOWN_TIMEOUT fit in the grace period.
		shutdown := 25 * time.Second
		if e, ok := env(c, "SHUTDOWN_TIMEOUT"); ok {
			var err error
			if shutdown, err = time.ParseDuration(e.Value); err != nil {
				t.Fatal(err)
			}
		}
		if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil {
			t.Fatal("no preStop sleep")
		}
		pause := time.Duration(c.Lifecycle.PreStop.Sleep.Seconds) * time.Second
		if p.Spec.TerminationGracePeriodSeconds == nil {
			t.Fatal("no terminationGracePeriodSeconds: the preStop pause and SHUTDOWN_TIMEOUT are bounded by Kubernetes' default, not the chart's")
		}
		if grace := time.Duration(*p.Spec.TerminationGracePeriodSeconds) * time.Second; pause+shutdown >= grace {
			t.Errorf("preStop %v + SHUTDOWN_TIMEOUT %v >= terminationGracePeriodSeconds %v", pause, shutdown, grace)
		}
		sc := c.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Errorf("container not hardened: %+v", sc)
		}
		if psc := p.Spec.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser != 65532 {
			t.Errorf("pod must run as distroless' nonroot user 65532: %+v", psc)
		}
		if len(p.Spec.TopologySpreadConstraints) == 0 || p.Spec.TopologySpreadConstraints[0].TopologyKey != "topology.kubernetes.io/zone" {
			t.Errorf("no spread over zones")
		}
		for _, ts := range p.Spec.TopologySpreadConstraints {
			sel, _ := metav1.LabelSelectorAsSelector(ts.LabelSelector)
			if !sel.Matches(labels.Set(p.Labels)) {
				t.Errorf("topology spread selector %v misses the pods", ts.LabelSelector)
			}
		}
		// LLM connection.
		url, _ := env(c, "VLLM_URL")
		model, _ := env(c, "VLLM_MODEL")
		vals := r.Values
		served := lookup(vals, "vllm", "servedModelName").(string)
		if served == "" {
			served = lookup(vals, "vllm", "model").(string)
		}
		if model.Value != served {
			t.Errorf("VLLM_MODEL=%q, but vLLM serves %q", model.Value, served)
		}
		svc := One[corev1.Service](t, r, "Service", vllmName)
		wantURL := fmt.Sprintf("http://%s.%s.svc.cluster.local:%d", vllmName, namespace, svc.Spec.Ports[0].Port)
		if url.Value != wantURL {
			t.Errorf("VLLM_URL=%q, want the headless Service %q", url.Value, wantURL)
		}
		// The API caps its in-flight requests per pod at vLLM's batch, and
		// budgets tokens against vLLM's context.
		vargs := One[appsv1.Deployment](t, r, "Deployment", vllmName).Spec.Template.Spec.Containers[0].Args
		for envName, flag := range map[string]string{"VLLM_MAX_NUM_SEQS": "--max-num-seqs", "VLLM_MAX_MODEL_LEN": "--max-model-len"} {
			if e, _ := env(c, envName); e.Value != argValue(vargs, flag) {
				t.Errorf("%s=%q but vLLM runs with %s %s", envName, e.Value, flag, argValue(vargs, flag))
			}
		}
		if svc.Spec.ClusterIP != corev1.ClusterIPNone || svc.Spec.PublishNotReadyAddresses {
			t.Errorf("vLLM Service must be headless and list ready pods only: %+v", svc.Spec)
		}
		if _, ok := env(c, "DATABASE_URL"); !ok {
			t.Error("no DATABASE_URL: several replicas must share PostgreSQL, not SQLite files")
		}
		mode := lookup(vals, "valkey", "mode").(string)
		if e, _ := env(c, "VALKEY_ENABLED"); e.Value != fmt.Sprint(mode != "disabled") {
			t.Errorf("VALKEY_ENABLED=%q with valkey.mode %s", e.Value, mode)
		}
		if mode == "internal" {
			if e, _ := env(c, "VALKEY_HOST"); !has(r, "Service", e.Value) {
				t.Errorf("VALKEY_HOST=%q is not a rendered Service", e.Value)
			}
		}
	})
}

// TestVLLMWorkload: one GPU, L4 node selection and tolerations, a model
// cache at $HF_HOME, /dev/shm, probes with a startup budget long enough for
// the first download, and rolling updates that never drop below capacity.
func TestVLLMWorkload(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		d := One[appsv1.Deployment](t, r, "Deployment", vllmName)
		p := &d.Spec.Template
		c := container(t, p, "vllm")
		if q := c.Resources.Limits[gpuRes]; q.Value() != 1 {
			t.Errorf("GPU limit %v, want 1", q.String())
		}
		if q := c.Resources.Requests[gpuRes]; q.Value() != 1 {
			t.Errorf("GPU request %v, want 1 (extended resources need request = limit)", q.String())
		}
		// Fits a g6.xlarge: 4 vCPU and 16 GiB, about 14 GiB allocatable.
		if c.Resources.Requests.Cpu().Cmp(resource.MustParse("3500m")) > 0 || c.Resources.Requests.Memory().Cmp(resource.MustParse("13Gi")) > 0 {
			t.Errorf("requests %v do not fit a g6.xlarge", c.Resources.Requests)
		}
		if !tolerates(p.Spec.Tolerations, corev1.Taint{Key: "nvidia.com/gpu", Value: "true", Effect: corev1.TaintEffectNoSchedule}) {
			t.Errorf("does not tolerate the GPU nodes' taint: %v", p.Spec.Tolerations)
		}
		hf, _ := env(c, "HF_HOME")
		mounted := map[string]string{}
		for _, m := range c.VolumeMounts {
			mounted[m.MountPath] = m.Name
		}
		if hf.Value == "" || mounted[hf.Value] != "model-cache" {
			t.Errorf("HF_HOME=%q is not the model-cache mount %v", hf.Value, mounted)
		}
		vols := map[string]corev1.Volume{}
		for _, v := range p.Spec.Volumes {
			vols[v.Name] = v
		}
		if shm := vols[mounted["/dev/shm"]]; shm.EmptyDir == nil || shm.EmptyDir.Medium != corev1.StorageMediumMemory {
			t.Errorf("/dev/shm is not a memory emptyDir: %+v", shm)
		}
		if mc := vols["model-cache"]; mc.EmptyDir == nil && mc.PersistentVolumeClaim == nil {
			t.Errorf("model-cache volume: %+v", mc)
		}
		sp := c.StartupProbe
		if sp == nil || sp.HTTPGet == nil || sp.HTTPGet.Path != "/health" {
			t.Fatalf("startup probe: %+v", sp)
		}
		if budget := time.Duration(sp.PeriodSeconds*sp.FailureThreshold) * time.Second; budget < 20*time.Minute {
			t.Errorf("startup budget %v: a first start downloads ~15 GB of weights", budget)
		}
		if rp := c.ReadinessProbe; rp == nil || rp.HTTPGet == nil || rp.HTTPGet.Path != "/health" {
			t.Errorf("readiness probe: %+v", rp)
		}
		if ru := d.Spec.Strategy.RollingUpdate; ru == nil || ru.MaxUnavailable.IntValue() != 0 || ru.MaxSurge.IntValue() != 1 {
			t.Errorf("rolling update must surge one GPU pod and keep the others: %+v", d.Spec.Strategy)
		}
		if port := containerPort(p, "http"); port != int32(lookupInt(r.Values, "vllm", "port")) {
			t.Errorf("container port %d", port)
		}
		// Node selection: the instance types allowed are L4 ones.
		for _, term := range requiredTerms(p) {
			for _, e := range term.MatchExpressions {
				if e.Key == corev1.LabelInstanceTypeStable {
					for _, it := range e.Values {
						if !strings.HasPrefix(it, "g6.") {
							t.Errorf("instance type %s has no L4", it)
						}
					}
				}
			}
		}
		if karpenterOn(r) && p.Spec.NodeSelector[karpv1.NodePoolLabelKey] != poolName {
			t.Errorf("nodeSelector %v does not pick the NodePool %s", p.Spec.NodeSelector, poolName)
		}
		if q := c.Resources.Requests[gpuRes]; !karpenterOn(r) && q.Value() < 1 {
			t.Error("without Karpenter nothing steers vLLM to GPU nodes")
		}
		// The prerequisites ask for the NVIDIA device plugin, not the GPU
		// Operator: no node label that only the Operator (GPU Feature
		// Discovery, Node Feature Discovery) sets may be required.
		keys := []string{}
		for k := range p.Spec.NodeSelector {
			keys = append(keys, k)
		}
		for _, term := range requiredTerms(p) {
			for _, e := range term.MatchExpressions {
				keys = append(keys, e.Key)
			}
		}
		for _, k := range keys {
			if strings.HasPrefix(k, "nvidia.com/") || strings.HasPrefix(k, "feature.node.kubernetes.io/") {
				t.Errorf("vLLM requires node label %s, which only the GPU Operator sets; the device plugin alone is a prerequisite", k)
			}
		}
	})
}

// argValue returns the value after flag in a command line.
func argValue(args []string, flag string) string {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func lookupInt(v map[string]any, path ...string) int64 {
	switch n := lookup(v, path...).(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	case int:
		return int64(n)
	}
	return -1
}

func karpenterOn(r *Rendered) bool { return lookup(r.Values, "karpenter", "enabled") == true }

func requiredTerms(p *corev1.PodTemplateSpec) []corev1.NodeSelectorTerm {
	a := p.Spec.Affinity
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return nil
	}
	return a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
}

func tolerates(tols []corev1.Toleration, taint corev1.Taint) bool {
	for _, tol := range tols {
		if tol.Effect != "" && tol.Effect != taint.Effect {
			continue
		}
		if tol.Key == "" && tol.Operator == corev1.TolerationOpExists {
			return true
		}
		if tol.Key != taint.Key {
			continue
		}
		if tol.Operator == corev1.TolerationOpExists || tol.Value == taint.Value {
			return true
		}
	}
	return false
}

// TestKEDA: the ScaledObjects target rendered Deployments, pass KEDA's own
// validation (replica bounds, fallback, triggers), scale the API 5-20 and
// vLLM 1-6 (0-6 with scale to zero, woken by the API's traffic), use
// Prometheus trigger parameters KEDA knows, query metrics that exist, and
// scale down slowly enough not to flap.
func TestKEDA(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		sos := r.Find("ScaledObject")
		if lookup(r.Values, "keda", "enabled") != true {
			if len(sos) > 0 {
				t.Error("ScaledObjects rendered with keda.enabled false")
			}
			return
		}
		if len(sos) != 2 {
			t.Fatalf("%d ScaledObjects, want 2", len(sos))
		}
		scaleToZero := lookup(r.Values, "keda", "vllm", "scaleToZero") == true
		for _, o := range sos {
			so := o.Typed.(*kedav1alpha1.ScaledObject)
			so.Namespace = namespace
			ref := so.Spec.ScaleTargetRef
			d, _ := r.Get("Deployment", ref.Name).(*appsv1.Deployment)
			if ref.Kind != "Deployment" || ref.APIVersion != "apps/v1" || d == nil {
				t.Errorf("%s: scaleTargetRef %+v is not a rendered Deployment", o.Name, ref)
				continue
			}
			if d.Spec.Replicas != nil {
				t.Errorf("%s: Deployment %s sets replicas, which would fight the HPA on every upgrade", o.Name, d.Name)
			}
			if err := kedav1alpha1.CheckReplicaCountBoundsAreValid(so); err != nil {
				t.Errorf("%s: %v", o.Name, err)
			}
			if err := kedav1alpha1.CheckFallbackValid(so); err != nil {
				t.Errorf("%s: %v", o.Name, err)
			}
			if err := kedav1alpha1.ValidateTriggers(so.Spec.Triggers); err != nil {
				t.Errorf("%s: %v", o.Name, err)
			}
			checkTriggers(t, o.Name, so, d)
			b := so.Spec.Advanced.HorizontalPodAutoscalerConfig.Behavior
			if b == nil || b.ScaleDown == nil || b.ScaleDown.StabilizationWindowSeconds == nil || *b.ScaleDown.StabilizationWindowSeconds < 300 {
				t.Errorf("%s: scale-down stabilization under 5 minutes flaps", o.Name)
			}
			min, max := *so.Spec.MinReplicaCount, *so.Spec.MaxReplicaCount
			switch o.Name {
			case apiName:
				if min != 5 || max != 20 {
					t.Errorf("API scales %d-%d, want 5-20", min, max)
				}
			case vllmName:
				wantMin := int32(1)
				if scaleToZero {
					wantMin = 0
				}
				if min != wantMin || max != 6 {
					t.Errorf("vLLM scales %d-%d, want %d-6", min, max, wantMin)
				}
				if w := *b.ScaleDown.StabilizationWindowSeconds; w < 600 {
					t.Errorf("vLLM scale-down window %ds: GPU pods take minutes to come back", w)
				}
				var waiting, running, wake bool
				for _, tr := range so.Spec.Triggers {
					q := tr.Metadata["query"]
					waiting = waiting || strings.Contains(q, "vllm:num_requests_waiting")
					running = running || strings.Contains(q, "vllm:num_requests_running")
					wake = wake || strings.Contains(q, "appencorrect_engine_duration_seconds_count")
				}
				if !waiting || !running {
					t.Errorf("vLLM must scale on waiting and running requests")
				}
				if scaleToZero {
					if !wake {
						t.Error("scaled to zero, nothing wakes vLLM: its own metrics vanish with its last pod")
					}
					if so.Spec.CooldownPeriod == nil || *so.Spec.CooldownPeriod < 600 {
						t.Errorf("cooldownPeriod %v: going to zero within minutes of the last request flaps", so.Spec.CooldownPeriod)
					}
				}
			}
		}
	})
}

// prometheusTrigger lists the parameters of KEDA's prometheus scaler
// (pkg/scalers/prometheus_scaler.go in KEDA v2.21), parsed with KEDA's own
// typed-config parser.
type prometheusTrigger struct {
	TriggerIndex        int
	ServerAddress       string            `keda:"name=serverAddress,       order=triggerMetadata"`
	Query               string            `keda:"name=query,               order=triggerMetadata"`
	QueryParameters     map[string]string `keda:"name=queryParameters,     order=triggerMetadata, optional"`
	Threshold           float64           `keda:"name=threshold,           order=triggerMetadata"`
	ActivationThreshold float64           `keda:"name=activationThreshold, order=triggerMetadata, optional"`
	Namespace           string            `keda:"name=namespace,           order=triggerMetadata, optional"`
	CustomHeaders       map[string]string `keda:"name=customHeaders,       order=triggerMetadata, optional"`
	IgnoreNullValues    bool              `keda:"name=ignoreNullValues,    order=triggerMetadata, default=true"`
	UnsafeSSL           bool              `keda:"name=unsafeSsl,           order=triggerMetadata, optional"`
	Timeout             time.Duration     `keda:"name=timeout,             order=triggerMetadata, optional"`
}

var prometheusParams = []string{"serverAddress", "query", "queryParameters", "threshold", "activationThreshold", "namespace", "customHeaders", "ignoreNullValues", "unsafeSsl", "timeout", "awsRegion", "identityOwner"}

func checkTriggers(t *testing.T, name string, so *kedav1alpha1.ScaledObject, d *appsv1.Deployment) {
	t.Helper()
	for i, tr := range so.Spec.Triggers {
		switch tr.Type {
		case "cpu", "memory":
			// KEDA's webhook: resource triggers need requests on every container.
			for _, c := range d.Spec.Template.Spec.Containers {
				if _, ok := c.Resources.Requests[corev1.ResourceName(tr.Type)]; !ok {
					t.Errorf("%s: %s trigger but container %s has no %s request", name, tr.Type, c.Name, tr.Type)
				}
			}
			if tr.MetricType != autoscalingv2.UtilizationMetricType {
				t.Errorf("%s: %s trigger metricType %q", name, tr.Type, tr.MetricType)
			}
			if _, err := resource.ParseQuantity(tr.Metadata["value"]); err != nil {
				t.Errorf("%s: cpu value %q: %v", name, tr.Metadata["value"], err)
			}
		case "prometheus":
			for k := range tr.Metadata {
				if !slices.Contains(prometheusParams, k) {
					t.Errorf("%s: trigger %s: KEDA's prometheus scaler has no parameter %q", name, tr.Name, k)
				}
			}
			var p prometheusTrigger
			sc := scalerConfig(tr, i)
			if err := sc.TypedConfig(&p); err != nil {
				t.Errorf("%s: trigger %s: %v", name, tr.Name, err)
				continue
			}
			if p.Threshold <= 0 {
				t.Errorf("%s: trigger %s: threshold %v", name, tr.Name, p.Threshold)
			}
			if tr.MetricType != "" && tr.MetricType != autoscalingv2.AverageValueMetricType {
				t.Errorf("%s: trigger %s: metricType %q: targets here are per replica", name, tr.Name, tr.MetricType)
			}
			checkQuery(t, name+"/"+tr.Name, p.Query)
		default:
			t.Errorf("%s: unexpected trigger type %q", name, tr.Type)
		}
	}
}

// TestKarpenter: the NodePool passes Karpenter's runtime validation, points
// at the rendered EC2NodeClass, offers spot and on-demand L4 instances,
// limits the GPUs, removes empty nodes, and admits the vLLM pods (their
// node selector and affinity are satisfiable and its taints tolerated).
func TestKarpenter(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		if !karpenterOn(r) {
			if len(r.Find("NodePool"))+len(r.Find("EC2NodeClass")) > 0 {
				t.Error("Karpenter objects rendered with karpenter.enabled false")
			}
			return
		}
		np := One[karpv1.NodePool](t, r, "NodePool", poolName)
		nc := One[awsv1.EC2NodeClass](t, r, "EC2NodeClass", poolName)
		if err := np.RuntimeValidate(context.Background()); err != nil {
			t.Errorf("NodePool: %v", err)
		}
		ref := np.Spec.Template.Spec.NodeClassRef
		if ref == nil || ref.Group != "karpenter.k8s.aws" || ref.Kind != "EC2NodeClass" || ref.Name != nc.Name {
			t.Errorf("nodeClassRef %+v", ref)
		}
		reqs := map[string]karpv1.NodeSelectorRequirementWithMinValues{}
		for _, rq := range np.Spec.Template.Spec.Requirements {
			reqs[rq.Key] = rq
		}
		ct := reqs[karpv1.CapacityTypeLabelKey]
		if ct.Operator != corev1.NodeSelectorOpIn || !slices.Contains(ct.Values, karpv1.CapacityTypeSpot) || !slices.Contains(ct.Values, karpv1.CapacityTypeOnDemand) {
			t.Errorf("capacity types %v: want spot with on-demand fallback", ct.Values)
		}
		if gpu := reqs[awsv1.LabelInstanceGPUName]; !slices.Equal(gpu.Values, []string{"l4"}) {
			t.Errorf("GPU name requirement %v", gpu.Values)
		}
		limit, ok := np.Spec.Limits[gpuRes]
		maxReplicas := lookupInt(r.Values, "keda", "vllm", "maxReplicas")
		if !ok || limit.Value() < maxReplicas {
			t.Errorf("GPU limit %v below vLLM's %d replicas", limit.String(), maxReplicas)
		}
		if limit.Value() > maxReplicas+1 {
			t.Errorf("GPU limit %v allows more than max replicas + one surge", limit.String())
		}
		dis := np.Spec.Disruption
		if dis.ConsolidationPolicy != karpv1.ConsolidationPolicyWhenEmpty || dis.ConsolidateAfter.Duration == nil {
			t.Errorf("disruption %+v: want consolidation when empty", dis)
		}
		// The vLLM pods land on this pool.
		p := &One[appsv1.Deployment](t, r, "Deployment", vllmName).Spec.Template
		for _, taint := range np.Spec.Template.Spec.Taints {
			if !tolerates(p.Spec.Tolerations, taint) {
				t.Errorf("vLLM does not tolerate the pool's taint %v", taint)
			}
		}
		for k, v := range p.Spec.NodeSelector {
			if k == karpv1.NodePoolLabelKey {
				continue
			}
			if np.Spec.Template.Labels[k] != v {
				if rq, ok := reqs[k]; !ok || !slices.Contains(rq.Values, v) {
					t.Errorf("nodeSelector %s=%s: no node of the pool has it", k, v)
				}
			}
		}
		for _, term := range requiredTerms(p) {
			for _, e := range term.MatchExpressions {
				rq, ok := reqs[e.Key]
				if !ok {
					continue
				}
				overlap := false
				for _, v := range e.Values {
					overlap = overlap || slices.Contains(rq.Values, v)
				}
				if !overlap {
					t.Errorf("vLLM affinity %s in %v: the pool offers %v", e.Key, e.Values, rq.Values)
				}
			}
		}
		// EC2NodeClass: an AMI, discovery, the node role, IMDS closed to pods.
		if len(nc.Spec.AMISelectorTerms) == 0 || len(nc.Spec.SubnetSelectorTerms) == 0 || len(nc.Spec.SecurityGroupSelectorTerms) == 0 {
			t.Errorf("EC2NodeClass selectors missing: %+v", nc.Spec)
		}
		if nc.Spec.Role == "" {
			t.Error("EC2NodeClass has no role")
		}
		if mo := nc.Spec.MetadataOptions; mo == nil || mo.HTTPTokens == nil || *mo.HTTPTokens != "required" || mo.HTTPPutResponseHopLimit == nil || *mo.HTTPPutResponseHopLimit != 1 {
			t.Errorf("IMDS must require tokens with hop limit 1: %+v", mo)
		}
	})
}

// TestNetworkPolicy: only the API (and Prometheus for /metrics) reaches
// vLLM, and only the API reaches the in-chart databases.
func TestNetworkPolicy(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		apiPods := One[appsv1.Deployment](t, r, "Deployment", apiName).Spec.Template.Labels
		pods := podTemplates(r)
		for _, o := range r.Find("NetworkPolicy") {
			np := o.Typed.(*networkingv1.NetworkPolicy)
			if !slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeIngress) {
				t.Errorf("%s: not an ingress policy", o.Name)
			}
			for _, rule := range np.Spec.Ingress {
				if len(rule.From) == 0 {
					t.Errorf("%s: a rule with no peers admits everyone", o.Name)
				}
				for _, peer := range rule.From {
					if peer.IPBlock != nil {
						t.Errorf("%s: IP block peer %v", o.Name, peer.IPBlock)
					}
					if peer.NamespaceSelector != nil {
						// Prometheus, in its own namespace.
						if o.Name != vllmName || peer.PodSelector == nil || len(peer.PodSelector.MatchLabels) == 0 {
							t.Errorf("%s: namespace peer without a pod selector", o.Name)
						}
						continue
					}
					sel, _ := metav1.LabelSelectorAsSelector(peer.PodSelector)
					for name, p := range pods {
						if sel.Matches(labels.Set(p.Labels)) && !labels.Equals(p.Labels, apiPods) {
							t.Errorf("%s admits %s", o.Name, name)
						}
					}
					if !sel.Matches(labels.Set(apiPods)) {
						t.Errorf("%s does not admit the API", o.Name)
					}
				}
			}
		}
	})
}

// TestMonitoring: ServiceMonitors select the Services and name their
// ports; alert rules have names, severities and expressions on metrics
// that exist.
func TestMonitoring(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		for _, o := range r.Find("ServiceMonitor") {
			sm := o.Typed.(*monitoringv1.ServiceMonitor)
			svc, _ := r.Get("Service", o.Name).(*corev1.Service)
			if svc == nil {
				t.Errorf("ServiceMonitor %s: no Service of that name", o.Name)
				continue
			}
			sel, _ := metav1.LabelSelectorAsSelector(&sm.Spec.Selector)
			if !sel.Matches(labels.Set(svc.Labels)) {
				t.Errorf("ServiceMonitor %s does not select its Service", o.Name)
			}
			for _, ep := range sm.Spec.Endpoints {
				found := false
				for _, p := range svc.Spec.Ports {
					found = found || p.Name == ep.Port
				}
				if !found || ep.Path != "/metrics" {
					t.Errorf("ServiceMonitor %s: endpoint %s%s", o.Name, ep.Port, ep.Path)
				}
			}
			// The service labels its series with "endpoint" (the route),
			// which the operator's target label of that name would rename.
			if o.Name == apiName && (len(sm.Spec.Endpoints) == 0 || !sm.Spec.Endpoints[0].HonorLabels) {
				t.Error("the API's ServiceMonitor must honor the service's endpoint label")
			}
		}
		for _, o := range r.Find("PrometheusRule") {
			pr := o.Typed.(*monitoringv1.PrometheusRule)
			names := map[string]bool{}
			for _, g := range pr.Spec.Groups {
				for _, rule := range g.Rules {
					if rule.Alert == "" || names[rule.Alert] {
						t.Errorf("rule %q: no name or a duplicate", rule.Alert)
					}
					names[rule.Alert] = true
					if rule.Labels["severity"] == "" || rule.Annotations["summary"] == "" || rule.For == nil {
						t.Errorf("rule %s: severity, summary and for are required", rule.Alert)
					}
					checkQuery(t, rule.Alert, rule.Expr.String())
				}
			}
			if len(names) < 5 {
				t.Errorf("only %d alerts", len(names))
			}
		}
	})
}

// TestIngressAndHPA: the Ingress routes to the API Service's port; without
// KEDA the API still autoscales on CPU.
func TestIngressAndHPA(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		for _, o := range r.Find("Ingress") {
			in := o.Typed.(*networkingv1.Ingress)
			for _, rule := range in.Spec.Rules {
				for _, p := range rule.HTTP.Paths {
					svc, _ := r.Get("Service", p.Backend.Service.Name).(*corev1.Service)
					if svc == nil || svc.Spec.Ports[0].Name != p.Backend.Service.Port.Name {
						t.Errorf("Ingress backend %+v is not the API Service's port", p.Backend.Service)
					}
				}
			}
			if in.Annotations["alb.ingress.kubernetes.io/healthcheck-path"] != "/health" {
				t.Error("ALB health check is not /health")
			}
		}
		for _, o := range r.Find("HorizontalPodAutoscaler") {
			h := o.Typed.(*autoscalingv2.HorizontalPodAutoscaler)
			d, _ := r.Get("Deployment", h.Spec.ScaleTargetRef.Name).(*appsv1.Deployment)
			if d == nil || d.Spec.Replicas != nil {
				t.Errorf("HPA %s: target %v missing or sets replicas", o.Name, h.Spec.ScaleTargetRef)
			}
			if *h.Spec.MinReplicas > h.Spec.MaxReplicas {
				t.Errorf("HPA %s: min > max", o.Name)
			}
		}
	})
}
