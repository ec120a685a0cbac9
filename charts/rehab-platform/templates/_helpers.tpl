{{/* Labels shared by every object of the release. */}}
{{- define "rehab.labels" -}}
app.kubernetes.io/part-of: rehab-platform
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* Selects the pods of one component: dict "root" $ "name" <component>. */}}
{{- define "rehab.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .name }}
{{- end }}

{{/* dict "root" $ "c" <component>: registry/image:tag, or the component's own repository/tag (skaffold sets those). */}}
{{- define "rehab.image" -}}
{{- $tag := .c.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- $repository := .c.repository | default (ternary (printf "%s/%s" (trimSuffix "/" .root.Values.image.registry) .c.image) .c.image (ne .root.Values.image.registry "")) -}}
{{ printf "%s:%s" $repository $tag }}
{{- end }}

{{- define "rehab.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" .Release.Name) -}}
{{- end }}

{{/* host:port[,host:port] of Redis, without credentials. */}}
{{- define "rehab.redisAddress" -}}
{{- if .Values.redis.inCluster.enabled -}}
redis:6379
{{- else -}}
{{ .Values.redis.external.address }}
{{- end -}}
{{- end }}

{{/* The StackExchange.Redis configuration string; the password comes from $(REDIS_PASSWORD) (the Secret). */}}
{{- define "rehab.redisConfiguration" -}}
{{- include "rehab.redisAddress" . -}},password=$(REDIS_PASSWORD),abortConnect=false
{{- if and (not .Values.redis.inCluster.enabled) .Values.redis.external.tls -}},ssl=true{{- end -}}
{{- end }}

{{/* Gateway and services share one deployment shape; the gateway is the component of kind "gateway". */}}
{{- define "rehab.components" -}}
{{- $all := dict -}}
{{- range $name, $svc := .Values.services -}}
{{- $_ := set $all $name (merge (deepCopy $svc) (dict "kind" "service")) -}}
{{- end -}}
{{- $_ := set $all "gateway" (merge (deepCopy .Values.gateway) (dict "kind" "gateway")) -}}
{{- toYaml $all -}}
{{- end }}

{{/*
Checks that values.schema.json cannot express, or that deserve a sentence rather than a JSON pointer.
Included once, by config.yaml.
*/}}
{{- define "rehab.validate" -}}
{{- if and .Values.dapr.enabled (not (.Capabilities.APIVersions.Has "dapr.io/v1alpha1")) -}}
{{- fail "dapr.enabled=true, but this cluster does not serve dapr.io/v1alpha1 (Dapr's CRDs are missing). Install Dapr first (`dapr init -k`, or the dapr Helm chart into dapr-system), or set dapr.enabled=false: the platform then publishes over Redis Streams without sidecars. (Rendering offline? Add --api-versions dapr.io/v1alpha1.)" -}}
{{- end -}}
{{- if eq .Values.mode "production" -}}
{{- if .Values.redis.inCluster.enabled -}}
{{- fail "mode=production: the in-cluster development Redis is not for production. Set redis.inCluster.enabled=false and redis.external.address to your Redis (or Redis Cluster seed nodes)." -}}
{{- end -}}
{{- if not .Values.redis.external.address -}}
{{- fail "mode=production needs an external Redis: set redis.external.address (host:port, or host:port,host:port,... for Redis Cluster)." -}}
{{- end -}}
{{- if not .Values.secrets.existingSecret -}}
{{- fail "mode=production needs secrets.existingSecret: a Secret with keys redis-password and person-registry-lookup-key (the chart never writes production secrets)." -}}
{{- end -}}
{{- if not .Values.auth.authority -}}
{{- fail "mode=production needs auth.authority (the OIDC provider); development signing keys are for development only." -}}
{{- end -}}
{{- end -}}
{{- if and (not .Values.redis.inCluster.enabled) (not .Values.redis.external.address) -}}
{{- fail "redis.inCluster.enabled=false, so redis.external.address is required (host:port, or seed nodes for Redis Cluster)." -}}
{{- end -}}
{{- range $name, $c := (include "rehab.components" . | fromYaml) -}}
{{- $replicas := int (ternary $c.replicas $.Values.defaults.replicas (hasKey $c "replicas")) -}}
{{- if lt $replicas 1 -}}
{{- fail (printf "%s: replicas must be at least 1 (got %d)." $name $replicas) -}}
{{- end -}}
{{- range $c.calls -}}
{{- if not (hasKey $.Values.services .) -}}
{{- fail (printf "services.%s.calls names %q, which is not a service of this chart." $name .) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end }}
