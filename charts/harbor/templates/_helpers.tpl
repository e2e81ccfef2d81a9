{{/* Names, labels, images and the environment every component shares. */}}

{{- define "harbor.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* harbor.name: dict "root" $ "component" "core" → <fullname>-core */}}
{{- define "harbor.name" -}}
{{- printf "%s-%s" (include "harbor.fullname" .root) .component -}}
{{- end -}}

{{- define "harbor.selectorLabels" -}}
app.kubernetes.io/name: harbor
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "harbor.labels" -}}
{{ include "harbor.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* harbor.image: dict "root" $ "component" "core" "image" .Values.core.image */}}
{{- define "harbor.image" -}}
{{- $v := .root.Values.images -}}
{{- $image := .image | default dict -}}
{{- $repo := $image.repository | default (printf "%s/%s" $v.prefix .component) -}}
{{- if and $v.registry (not $image.repository) -}}{{- $repo = printf "%s/%s" $v.registry $repo -}}{{- end -}}
{{- printf "%s:%s" $repo (toString ($image.tag | default $v.tag | default .root.Chart.AppVersion)) -}}
{{- end -}}

{{/* Harbor's log levels → the suite's (warning → warn). */}}
{{- define "harbor.logLevel" -}}
{{- $l := lower (toString .Values.logLevel) -}}
{{- if eq $l "warning" -}}warn{{- else if has $l (list "trace" "debug" "info" "warn" "error" "fatal") -}}{{ $l }}{{- else -}}info{{- end -}}
{{- end -}}

{{- define "harbor.scheme" -}}
{{- if hasPrefix "https://" .Values.externalURL -}}https{{- else -}}http{{- end -}}
{{- end -}}

{{/* The host of externalURL, without port. */}}
{{- define "harbor.externalHost" -}}
{{- $u := urlParse .Values.externalURL -}}
{{- (split ":" $u.host)._0 -}}
{{- end -}}

{{/* Internal URLs. */}}
{{- define "harbor.coreURL" -}}http://{{ include "harbor.name" (dict "root" . "component" "core") }}{{- end -}}
{{- define "harbor.registryURL" -}}http://{{ include "harbor.name" (dict "root" . "component" "registry") }}:5000{{- end -}}
{{- define "harbor.portalURL" -}}http://{{ include "harbor.name" (dict "root" . "component" "portal") }}{{- end -}}

{{/* ---------- PostgreSQL ---------- */}}

{{- define "harbor.database.secretName" -}}
{{- if and (eq .Values.database.type "external") .Values.database.external.existingSecret -}}
{{- .Values.database.external.existingSecret -}}
{{- else -}}
{{- include "harbor.name" (dict "root" . "component" "database") -}}
{{- end -}}
{{- end -}}

{{- define "harbor.database.url" -}}
{{- if eq .Values.database.type "external" -}}
{{- $e := .Values.database.external -}}
{{- printf "postgresql://%s:$(DATABASE_PASSWORD)@%s:%v/%s?sslmode=%s" $e.username $e.host $e.port $e.coreDatabase ($e.sslmode | default "disable") -}}
{{- else -}}
{{- printf "postgresql://postgres:$(DATABASE_PASSWORD)@%s:5432/registry?sslmode=disable" (include "harbor.name" (dict "root" . "component" "database")) -}}
{{- end -}}
{{- end -}}

{{/* harbor.database.env: dict "root" $ "prefix" "CORE" → DATABASE_PASSWORD and <PREFIX>_DATABASE_URL */}}
{{- define "harbor.database.env" -}}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "harbor.database.secretName" .root }}
      key: password
- name: {{ .prefix }}_DATABASE_URL
  value: {{ include "harbor.database.url" .root | quote }}
{{- end -}}

{{/* ---------- Redis ---------- */}}

{{- define "harbor.redis.sentinel" -}}
{{- if and (eq .Values.redis.type "external") .Values.redis.external.sentinelMasterSet -}}true{{- end -}}
{{- end -}}

{{/* The address core's sessions and the registry's events use. */}}
{{- define "harbor.redis.addr" -}}
{{- if eq .Values.redis.type "external" -}}
{{- $e := .Values.redis.external -}}
{{- $e.directAddr | default (trim (first (splitList "," $e.addr))) -}}
{{- else -}}
{{- printf "%s:6379" (include "harbor.name" (dict "root" . "component" "redis")) -}}
{{- end -}}
{{- end -}}

{{- define "harbor.redis.db" -}}
{{- if eq .Values.redis.type "external" -}}{{ .Values.redis.external.coreDatabaseIndex | default "0" }}{{- else -}}0{{- end -}}
{{- end -}}

{{- define "harbor.redis.hasPassword" -}}
{{- if and (eq .Values.redis.type "external") (or .Values.redis.external.password .Values.redis.external.existingSecret) -}}true{{- end -}}
{{- end -}}

{{- define "harbor.redis.secretName" -}}
{{- .Values.redis.external.existingSecret | default (include "harbor.name" (dict "root" . "component" "redis")) -}}
{{- end -}}

{{/* harbor.redis.env: dict "root" $ "prefix" "CORE"|"JOBSERVICE"|"REGISTRY" */}}
{{- define "harbor.redis.env" -}}
{{- $root := .root -}}
{{- $auth := "" -}}
{{- if include "harbor.redis.hasPassword" $root }}
{{- $auth = ":$(REDIS_PASSWORD)@" }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "harbor.redis.secretName" $root }}
      key: REDIS_PASSWORD
{{- end }}
{{- if eq .prefix "REGISTRY" }}
- name: REGISTRY_REDIS_ADDR
  value: {{ include "harbor.redis.addr" $root | quote }}
- name: REGISTRY_REDIS_DB
  value: {{ include "harbor.redis.db" $root | quote }}
{{- if $auth }}
- name: REGISTRY_REDIS_PASSWORD
  value: "$(REDIS_PASSWORD)"
{{- end }}
- name: REGISTRY_REDIS_KEYPREFIX
  value: {{ $root.Values.core.redisKeyPrefix | quote }}
{{- else }}
- name: {{ .prefix }}_REDIS_URL
  value: {{ printf "redis://%s%s/%s" $auth (include "harbor.redis.addr" $root) (include "harbor.redis.db" $root) | quote }}
- name: {{ .prefix }}_REDIS_KEYPREFIX
  value: {{ $root.Values.core.redisKeyPrefix | quote }}
{{- if include "harbor.redis.sentinel" $root }}
- name: {{ .prefix }}_REDIS_SENTINELS
  value: {{ $root.Values.redis.external.addr | quote }}
- name: {{ .prefix }}_REDIS_SENTINELMASTERSET
  value: {{ $root.Values.redis.external.sentinelMasterSet | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* ---------- Image and chart storage (registry and jobservice read the same content) ---------- */}}

{{/* Types the suite has a driver for; azure, gcs, swift and oss are accepted (harbor-helm's keys) and passed on. */}}
{{- define "harbor.storage.validate" -}}
{{- $t := .Values.persistence.imageChartStorage.type -}}
{{- if not (has $t (list "filesystem" "s3" "azure" "gcs" "swift" "oss")) -}}
{{- fail (printf "persistence.imageChartStorage.type %q: use filesystem, s3, azure, gcs, swift or oss" $t) -}}
{{- end -}}
{{- end -}}

{{- define "harbor.storage.supported" -}}
{{- if has .Values.persistence.imageChartStorage.type (list "filesystem" "s3") -}}true{{- end -}}
{{- end -}}

{{/* harbor.storage.env: dict "root" $ "prefix" "REGISTRY"|"JOBSERVICE" */}}
{{- define "harbor.storage.env" -}}
{{- $s := .root.Values.persistence.imageChartStorage -}}
{{- if eq $s.type "s3" }}
{{- $skip := list "existingSecret" "accesskey" "secretkey" -}}
{{- range $k, $v := $s.s3 }}
{{- if and (not (has $k $skip)) (not (kindIs "invalid" $v)) }}
- name: {{ $.prefix }}_STORAGE_S3_{{ upper $k }}
  value: {{ toString $v | quote }}
{{- end }}
{{- end }}
{{- if or $s.s3.accesskey $s.s3.existingSecret }}
- name: {{ .prefix }}_STORAGE_S3_ACCESSKEY
  valueFrom:
    secretKeyRef:
      name: {{ $s.s3.existingSecret | default (include "harbor.name" (dict "root" .root "component" "registry")) }}
      key: REGISTRY_STORAGE_S3_ACCESSKEY
- name: {{ .prefix }}_STORAGE_S3_SECRETKEY
  valueFrom:
    secretKeyRef:
      name: {{ $s.s3.existingSecret | default (include "harbor.name" (dict "root" .root "component" "registry")) }}
      key: REGISTRY_STORAGE_S3_SECRETKEY
{{- end }}
{{- else if eq $s.type "filesystem" }}
- name: {{ .prefix }}_STORAGE_FILESYSTEM_ROOTDIRECTORY
  value: {{ $s.filesystem.rootdirectory | quote }}
{{- else }}
{{- /* A driver the suite lacks: its plain settings are passed on as distribution would get them (never its
       credentials), and the registry and jobservice refuse to start, naming the driver. */}}
{{- $secret := list "accountkey" "encodedkey" "password" "accesskeysecret" "secretkey" "existingSecret" -}}
{{- range $k, $v := (index $s $s.type) }}
{{- if and (not (has $k $secret)) (not (kindIs "invalid" $v)) (not (kindIs "map" $v)) }}
- name: {{ $.prefix }}_STORAGE_{{ upper $s.type }}_{{ upper $k }}
  value: {{ toString $v | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The jobservice must share the registry's node when both mount a ReadWriteOnce claim. */}}
{{- define "harbor.storage.rwo" -}}
{{- if and (include "harbor.storage.filesystem" .) .Values.persistence.enabled (eq .Values.persistence.persistentVolumeClaim.registry.accessMode "ReadWriteOnce") -}}registry{{- end -}}
{{- end -}}

{{- define "harbor.storage.filesystem" -}}
{{- if eq .Values.persistence.imageChartStorage.type "filesystem" -}}true{{- end -}}
{{- end -}}

{{/* The registry content volume (filesystem storage only). */}}
{{- define "harbor.storage.volume" -}}
- name: registry-data
{{- if .Values.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ .Values.persistence.persistentVolumeClaim.registry.existingClaim | default (include "harbor.name" (dict "root" . "component" "registry")) }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- end -}}

{{/* ---------- Pods ---------- */}}

{{/*
harbor.scheduling: dict "root" $ "component" "core" "values" .Values.core "replicas" n ["colocateWith" "registry"]
nodeSelector, tolerations and affinity; with two replicas or more and no affinity given, a preferred
anti-affinity spreads the pods over nodes; colocateWith requires the node of that component's pods (a
ReadWriteOnce claim both mount).
*/}}
{{- define "harbor.scheduling" -}}
{{- $v := .values -}}
{{- with $v.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if $v.affinity }}
affinity:
  {{- toYaml $v.affinity | nindent 2 }}
{{- else if or .colocateWith (ge (int .replicas) 2) }}
affinity:
  {{- with .colocateWith }}
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "harbor.selectorLabels" (dict "root" $.root "component" .) | nindent 12 }}
  {{- end }}
  {{- if ge (int .replicas) 2 }}
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "harbor.selectorLabels" (dict "root" .root "component" .component) | nindent 14 }}
  {{- end }}
{{- end }}
{{- end -}}

{{- define "harbor.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "harbor.proxyEnv" -}}
{{- with .Values.proxy.httpProxy }}
- name: HTTP_PROXY
  value: {{ . | quote }}
{{- end }}
{{- with .Values.proxy.httpsProxy }}
- name: HTTPS_PROXY
  value: {{ . | quote }}
{{- end }}
{{- if or .Values.proxy.httpProxy .Values.proxy.httpsProxy }}
- name: NO_PROXY
  value: {{ printf "%s,%s" (include "harbor.fullname" .) (.Values.proxy.noProxy | default "") | quote }}
{{- end }}
{{- end -}}

{{/* The token signing key and certificate Secret (kubernetes.io/tls). */}}
{{- define "harbor.token.secretName" -}}
{{- .Values.core.secretName | default (include "harbor.name" (dict "root" . "component" "token")) -}}
{{- end -}}

{{- define "harbor.tls.secretName" -}}
{{- if eq .Values.expose.tls.certSource "secret" -}}
{{- required "expose.tls.secret.secretName is required when expose.tls.certSource is secret" .Values.expose.tls.secret.secretName -}}
{{- else -}}
{{- include "harbor.name" (dict "root" . "component" "tls") -}}
{{- end -}}
{{- end -}}

{{- define "harbor.tls.enabled" -}}
{{- if and .Values.expose.tls.enabled (ne (toString .Values.expose.tls.certSource) "none") -}}true{{- end -}}
{{- end -}}

{{/* harbor.pdb: dict "root" $ "component" "core" "replicas" n */}}
{{- define "harbor.pdb" -}}
{{- if ge (int .replicas) 2 }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "harbor.name" . }}
  labels:
    {{- include "harbor.labels" . | nindent 4 }}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      {{- include "harbor.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}
