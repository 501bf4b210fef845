package charttest

// Custom objects validated as the API server would validate them: each
// rendered KEDA and Karpenter object against its CRD's structural schema
// (OpenAPI validation, defaults, unknown fields) and its CEL rules
// (x-kubernetes-validations), with the apiextensions-apiserver libraries
// and the CRDs shipped in those projects' Go modules.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	awsapis "github.com/aws/karpenter-provider-aws/pkg/apis"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"sigs.k8s.io/yaml"
)

// crdValidator validates one CRD version's objects.
type crdValidator struct {
	structural *structuralschema.Structural
	schema     apiservervalidation.SchemaValidator
	cel        *cel.Validator
}

var (
	crdOnce    sync.Once
	crdErr     error
	validators map[string]*crdValidator // "group/version/Kind"
)

// kedaCRDs reads KEDA's CRDs from its Go module (config/crd/bases), found
// with `go list -m`, so they are the version the chart test's types are.
func kedaCRDs() ([]*apiextensionsv1.CustomResourceDefinition, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/kedacore/keda/v2").Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m github.com/kedacore/keda/v2: %w", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "config", "crd", "bases")
	var crds []*apiextensionsv1.CustomResourceDefinition
	for _, f := range []string{"keda.sh_scaledobjects.yaml", "keda.sh_triggerauthentications.yaml"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		crd := &apiextensionsv1.CustomResourceDefinition{}
		if err := yaml.Unmarshal(b, crd); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		crds = append(crds, crd)
	}
	return crds, nil
}

// loadValidators builds a validator for every served version of the KEDA
// and Karpenter (AWS provider: NodePool, EC2NodeClass) CRDs.
func loadValidators() (map[string]*crdValidator, error) {
	keda, err := kedaCRDs()
	if err != nil {
		return nil, err
	}
	out := map[string]*crdValidator{}
	for _, crd := range append(keda, awsapis.CRDs...) {
		for _, v := range crd.Spec.Versions {
			if !v.Served || v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
				continue
			}
			internal := &apiextensions.JSONSchemaProps{}
			if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v.Schema.OpenAPIV3Schema, internal, nil); err != nil {
				return nil, fmt.Errorf("%s %s: %w", crd.Name, v.Name, err)
			}
			s, err := structuralschema.NewStructural(internal)
			if err != nil {
				return nil, fmt.Errorf("%s %s: not structural: %w", crd.Name, v.Name, err)
			}
			sv, _, err := apiservervalidation.NewSchemaValidator(internal)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", crd.Name, v.Name, err)
			}
			out[crd.Spec.Group+"/"+v.Name+"/"+crd.Spec.Names.Kind] = &crdValidator{
				structural: s, schema: sv, cel: cel.NewValidator(s, true, celconfig.PerCallLimit),
			}
		}
	}
	return out, nil
}

// validateCustom validates one rendered object (its YAML) as the API
// server would on create: unknown fields are errors here (the server would
// drop them silently), then defaults, the OpenAPI schema and the CEL rules.
func validateCustom(t *testing.T, apiVersion, kind, doc string) field.ErrorList {
	t.Helper()
	crdOnce.Do(func() { validators, crdErr = loadValidators() })
	if crdErr != nil {
		t.Fatal(crdErr)
	}
	v, ok := validators[apiVersion+"/"+kind]
	if !ok {
		t.Fatalf("no CRD for %s %s", apiVersion, kind)
	}
	j, err := yaml.YAMLToJSON([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	// As the API server decodes it: whole numbers are int64, not float64.
	var obj map[string]any
	if err := utiljson.Unmarshal(j, &obj); err != nil {
		t.Fatal(err)
	}
	var errs field.ErrorList
	for _, p := range pruning.PruneWithOptions(obj, v.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true}) {
		if !strings.HasPrefix(p, "metadata.") {
			errs = append(errs, field.Invalid(field.NewPath(p), nil, "unknown field: the API server would drop it"))
		}
	}
	structuraldefaulting.Default(obj, v.structural)
	errs = append(errs, apiservervalidation.ValidateCustomResource(nil, obj, v.schema)...)
	if v.cel != nil {
		celErrs, _ := v.cel.Validate(context.Background(), nil, v.structural, obj, nil, celconfig.RuntimeCELCostBudget)
		errs = append(errs, celErrs...)
	}
	return errs
}

// customKinds are the rendered kinds that have a CRD here.
var customKinds = map[string]bool{"ScaledObject": true, "NodePool": true, "EC2NodeClass": true, "TriggerAuthentication": true}

// TestCustomObjectsPassTheirCRDs: every KEDA and Karpenter object of every
// values file passes its CRD's schema and CEL rules.
func TestCustomObjectsPassTheirCRDs(t *testing.T) {
	forEachCase(t, func(t *testing.T, r *Rendered) {
		n := 0
		for _, o := range r.Objects {
			if !customKinds[o.Kind] {
				continue
			}
			n++
			for _, e := range validateCustom(t, o.APIVersion, o.Kind, o.YAML) {
				t.Errorf("%s %s: %v", o.Kind, o.Name, e)
			}
		}
		if n == 0 && (lookup(r.Values, "keda", "enabled") == true || karpenterOn(r)) {
			t.Error("no custom object validated")
		}
	})
}

// TestCRDValidationRejects: the validation is real: a value the schema
// forbids, a broken CEL rule and an unknown field each fail.
func TestCRDValidationRejects(t *testing.T) {
	r := render(t, "")
	docs := map[string]Object{}
	for _, o := range r.Objects {
		if customKinds[o.Kind] {
			docs[o.Kind+"/"+o.Name] = o
		}
	}
	for _, tc := range []struct{ name, object, from, to, want string }{
		// The schema: consolidationPolicy is an enum.
		{"enum", "NodePool/" + poolName, "consolidationPolicy: WhenEmpty", "consolidationPolicy: Sometimes", "Unsupported value"},
		// CEL: requirements may not use the restricted karpenter.sh domain.
		{"NodePool CEL rule", "NodePool/" + poolName, "- key: kubernetes.io/os", "- key: karpenter.sh/nodepool", "restricted"},
		// CEL: KEDA's minReplicaCount <= maxReplicaCount.
		{"ScaledObject CEL rule", "ScaledObject/" + vllmName, "minReplicaCount: 1", "minReplicaCount: 60", "minReplicaCount must be less than or equal to maxReplicaCount"},
		{"unknown field", "NodePool/" + poolName, "consolidateAfter:", "consolidateAftr: 1m\n    consolidateAfter:", "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, ok := docs[tc.object]
			if !ok {
				t.Fatalf("no %s rendered", tc.object)
			}
			if errs := validateCustom(t, o.APIVersion, o.Kind, o.YAML); len(errs) > 0 {
				t.Fatalf("the rendered object already fails: %v", errs)
			}
			bad := strings.Replace(o.YAML, tc.from, tc.to, 1)
			if bad == o.YAML {
				t.Fatalf("%q not in %s", tc.from, tc.object)
			}
			errs := validateCustom(t, o.APIVersion, o.Kind, bad)
			if !strings.Contains(errs.ToAggregate().Error(), tc.want) {
				t.Errorf("errors %v, want one with %q", errs, tc.want)
			}
		})
	}
}
