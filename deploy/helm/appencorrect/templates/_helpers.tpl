{{/* Names, labels and shared values of the AppenCorrect chart. */}}

{{- define "appencorrect.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's base name; component names append -api, -vllm... (kept
short enough for KEDA's keda-hpa-<name> HPA names). */}}
{{- define "appencorrect.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "appencorrect.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object; call with (dict "ctx" $ "component" "api"). */}}
{{- define "appencorrect.labels" -}}
helm.sh/chart: {{ include "appencorrect.chart" .ctx }}
{{ include "appencorrect.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: appencorrect
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "appencorrect.selectorLabels" -}}
app.kubernetes.io/name: {{ include "appencorrect.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "appencorrect.apiName" -}}{{ include "appencorrect.fullname" . }}-api{{- end -}}
{{- define "appencorrect.vllmName" -}}{{ include "appencorrect.fullname" . }}-vllm{{- end -}}
{{- define "appencorrect.postgresName" -}}{{ include "appencorrect.fullname" . }}-postgresql{{- end -}}
{{- define "appencorrect.valkeyName" -}}{{ include "appencorrect.fullname" . }}-valkey{{- end -}}
{{- define "appencorrect.secretName" -}}
{{- default (printf "%s-secrets" (include "appencorrect.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}
{{- define "appencorrect.nodePoolName" -}}{{ include "appencorrect.fullname" . }}-gpu{{- end -}}

{{- define "appencorrect.apiImage" -}}
{{- printf "%s:%s" .Values.api.image.repository (default .Chart.AppVersion .Values.api.image.tag) -}}
{{- end -}}

{{/* The model name clients send: --served-model-name, else the model. */}}
{{- define "appencorrect.servedModel" -}}
{{- default .Values.vllm.model .Values.vllm.servedModelName -}}
{{- end -}}

{{/* Value of a generated secret: the given value, else the one already in
the cluster (upgrades keep it), else a new random one. Call with
(dict "ctx" $ "key" "SECRET_KEY" "value" .Values.secrets.secretKey "secret" NAME). */}}
{{- define "appencorrect.secretValue" -}}
{{- if .value -}}
{{- .value -}}
{{- else -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- index $existing.data .key | b64dec -}}
{{- else if lookup "v1" "Namespace" "" "kube-system" -}}
{{- /* A cluster answers lookups (helm install): generate once; upgrades read it back. */ -}}
{{- randAlphaNum 48 -}}
{{- else -}}
{{- fail (printf "%s (%s) is empty and no cluster answers Helm's lookup (helm template, Argo CD, --dry-run): a generated value would change at every render and break the release. Set %s to the name of an existing Secret holding %s (recommended), or give the value explicitly; see docs/deployment.md, Secrets." .key .valuePath .existingPath .key) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* vLLM's arguments after `vllm serve`, one YAML list item each, in the
order of internal/ops/launcher.Args. --dtype and --generation-config are the
launcher's defaults (not settable here: `appencorrect vllm args` has no flag
for them), as are the n-gram lookup bounds (2..4). */}}
{{- define "appencorrect.vllmArgs" -}}
{{- $v := .Values.vllm -}}
- {{ $v.model | quote }}
- "--host"
- "0.0.0.0"
- "--port"
- {{ $v.port | int | toString | quote }}
- "--dtype"
- "auto"
- "--max-model-len"
- {{ $v.maxModelLen | int | toString | quote }}
- "--gpu-memory-utilization"
- {{ $v.gpuMemoryUtilization | toString | quote }}
- "--max-num-batched-tokens"
- {{ $v.maxNumBatchedTokens | int | toString | quote }}
- "--max-num-seqs"
- {{ $v.maxNumSeqs | int | toString | quote }}
{{- if $v.prefixCaching }}
- "--enable-prefix-caching"
{{- else }}
- "--no-enable-prefix-caching"
{{- end }}
- "--generation-config"
- "vllm"
- "--enable-prompt-tokens-details"
{{- with $v.servedModelName }}
- "--served-model-name"
- {{ . | quote }}
{{- end }}
{{- if $v.ngram.enabled }}
- "--speculative-config"
- {{ dict "method" "ngram" "num_speculative_tokens" ($v.ngram.numSpeculativeTokens | int) "prompt_lookup_max" 4 "prompt_lookup_min" 2 | toJson | quote }}
{{- end }}
{{- range $v.extraArgs }}
- {{ . | quote }}
{{- end }}
{{- end -}}

{{/* The PromQL selector of the API's own series. */}}
{{- define "appencorrect.apiSeries" -}}
namespace="{{ .Release.Namespace }}",service="{{ include "appencorrect.apiName" . }}"
{{- end -}}
{{- define "appencorrect.vllmSeries" -}}
namespace="{{ .Release.Namespace }}",service="{{ include "appencorrect.vllmName" . }}"
{{- end -}}
{{/* Routes that run a check (the mux patterns without their method). */}}
{{- define "appencorrect.checkRoutes" -}}
/check|/check/spelling|/check/grammar|/demo/check|/v2/check|/assess/quality|/demo/assess/quality
{{- end -}}

{{- define "appencorrect.validate" -}}
{{- if not (has .Values.postgresql.mode (list "internal" "external")) -}}
{{- fail "postgresql.mode must be internal or external" -}}
{{- end -}}
{{- if and (eq .Values.postgresql.mode "external") (not .Values.postgresql.external.url) (not .Values.postgresql.external.existingSecret) -}}
{{- fail "postgresql.mode external needs postgresql.external.url or postgresql.external.existingSecret" -}}
{{- end -}}
{{- if not (has .Values.valkey.mode (list "internal" "external" "disabled")) -}}
{{- fail "valkey.mode must be internal, external or disabled" -}}
{{- end -}}
{{- if and (eq .Values.valkey.mode "external") (not .Values.valkey.external.host) -}}
{{- fail "valkey.mode external needs valkey.external.host" -}}
{{- end -}}
{{- if and (not .Values.vllm.enabled) (not .Values.llm.url) -}}
{{- fail "vllm.enabled false needs llm.url (an OpenAI-compatible server)" -}}
{{- end -}}
{{- if and (eq .Values.vllm.modelCache.type "pvc") (not .Values.vllm.modelCache.existingClaim) -}}
{{- fail "vllm.modelCache.type pvc needs vllm.modelCache.existingClaim" -}}
{{- end -}}
{{- if not (has .Values.vllm.modelCache.type (list "emptyDir" "pvc" "image")) -}}
{{- fail "vllm.modelCache.type must be emptyDir, pvc or image" -}}
{{- end -}}
{{- if and .Values.ingress.enabled (eq .Values.ingress.scheme "internet-facing") (not .Values.ingress.certificateArn) (not .Values.ingress.tls) -}}
{{- fail "ingress.scheme internet-facing needs HTTPS: set ingress.certificateArn (an ACM certificate) or ingress.tls; or keep ingress.scheme internal" -}}
{{- end -}}
{{- if not (has .Values.ingress.scheme (list "internal" "internet-facing")) -}}
{{- fail "ingress.scheme must be internal or internet-facing" -}}
{{- end -}}
{{- if and .Values.vllm.enabled .Values.keda.enabled .Values.keda.vllm.scaleToZero (eq .Values.vllm.modelCache.type "emptyDir") -}}
{{- fail "keda.vllm.scaleToZero puts every wake on a new node, where an emptyDir model cache downloads the weights again (about 15 GB, minutes, paid egress): set vllm.modelCache.type image (weights baked into vllm.image at modelCache.mountPath) or pvc with a ReadWriteMany claim (e.g. EFS) in vllm.modelCache.existingClaim; `appencorrect plan --wake` prices each" -}}
{{- end -}}
{{- if and .Values.keda.enabled .Values.keda.vllm.scaleToZero (not .Values.monitoring.serviceMonitor.enabled) -}}
{{- fail "keda.vllm.scaleToZero wakes vLLM on the API's request rate from Prometheus: it needs monitoring.serviceMonitor.enabled" -}}
{{- end -}}
{{- end -}}
