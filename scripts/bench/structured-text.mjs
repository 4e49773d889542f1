// YAML text for the structured scan corpus (generate-structured.mjs), made from the seed; the apps'
// lockfiles and locale files are in app-text.mjs. The shapes follow real files read for this (none
// is copied): Helm values and templates as in prometheus-community/helm-charts, manifests and CRDs
// as in kubernetes/examples and the prometheus-operator CRDs, compose files as in
// docker/awesome-compose. The look-alikes a scanner must not report are in them: image digests,
// checksum annotations, base64 Secret data, template and env references, UUIDs and git ids.

// `gateway` is rarer in real trees than any of these: it appears where the corpus puts it.
export const WORDS = ['server', 'alertmanager', 'exporter', 'operator', 'webhook', 'ingress', 'storage', 'metrics', 'queue', 'worker', 'scheduler', 'agent', 'router', 'proxy', 'cache', 'config', 'reloader', 'sidecar', 'admission', 'collector'];
const PROSE = [
  'Defines the resources requested and limited for the container.',
  'If not set, the default from the chart is used; see the upstream documentation for details.',
  'Annotations to add to the pod template, for example to restart pods when a ConfigMap changes.',
  'The number of seconds the pod needs to terminate gracefully; may be decreased in delete request.',
  'Selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed.',
  'Specifies the maximum duration in seconds relative to the start time that the job may be active.',
  'Name of the referent. More info at https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names',
  'TLS configuration to use when scraping the target; the CA is read from the mounted secret.',
];
const IMAGES = ['quay.io/prometheus/prometheus', 'registry.k8s.io/kube-state-metrics/kube-state-metrics', 'docker.io/bitnami/redis', 'quay.io/prometheus-operator/prometheus-config-reloader', 'nginx', 'postgres'];

export const cap = (w) => w[0].toUpperCase() + w.slice(1);
const camel = (a, b) => a + cap(b);
const uuid = (rng) => `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;
export const version = (rng) => `${rng.range(0, 9)}.${rng.range(0, 30)}.${rng.range(0, 20)}`;
const pad = (n) => ' '.repeat(n);

/** Base64 of random bytes, as SRI integrity hashes and Secret data carry it. */
export function base64(rng, bytes) {
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buf[i] = rng.int(256);
  return buf.toString('base64');
}

/** A component block of a Helm values.yaml: commented, nested, mostly defaults. */
export function valuesBlock(rng, n) {
  const name = camel(rng.pick(WORDS), rng.pick(['', 'Sidecar', 'Exporter', 'Reloader']).toLowerCase() || 'main') + n;
  const tag = `v${version(rng)}`;
  const lines = [
    `## ${rng.pick(PROSE)}`,
    '##',
    `${name}:`,
    '  ## If false, the component will not be deployed',
    '  ##',
    `  enabled: ${rng.chance(0.7)}`,
    '',
    `  name: ${name.toLowerCase()}`,
    '  image:',
    `    repository: ${rng.pick(IMAGES)}`,
    `    tag: ${tag}`,
    rng.chance(0.3) ? `    digest: sha256:${rng.hex(64)}` : '    digest: ""',
    `    pullPolicy: ${rng.pick(['IfNotPresent', 'Always'])}`,
    '',
    `  ## ${rng.pick(PROSE)}`,
    '  extraArgs: {}',
    '  #   web.enable-lifecycle: ""',
    '',
    '  env: []',
    '    # - name: SOMEVAR',
    '    #   value: somevalue',
    '    # - name: PASSWORD',
    '    #   valueFrom:',
    '    #     secretKeyRef:',
    '    #       name: mysecret',
    '    #       key: password',
    '',
    '  resources: {}',
    '    # limits:',
    `    #   cpu: ${rng.range(1, 9) * 100}m`,
    `    #   memory: ${rng.range(1, 16) * 64}Mi`,
    '',
    '  podAnnotations: {}',
    `  podLabels: {}`,
    '  service:',
    `    type: ${rng.pick(['ClusterIP', 'NodePort', 'LoadBalancer'])}`,
    `    port: ${rng.range(80, 9999)}`,
    '    annotations: {}',
    `    # loadBalancerSourceRanges: ["10.${rng.range(0, 255)}.0.0/16"]`,
    '  securityContext:',
    `    runAsUser: ${rng.range(1000, 65534)}`,
    '    runAsNonRoot: true',
    `    fsGroup: ${rng.range(1000, 65534)}`,
    '',
    '',
  ];
  return lines.join('\n');
}

/** A chart template: Go template actions around Kubernetes YAML. */
export function templateBlock(rng) {
  const c = rng.pick(WORDS);
  return [
    `{{- if .Values.${c}.enabled }}`,
    'apiVersion: apps/v1',
    `kind: ${rng.pick(['Deployment', 'StatefulSet', 'DaemonSet'])}`,
    'metadata:',
    '  labels:',
    `    {{- include "chart.${c}.labels" . | nindent 4 }}`,
    `  name: {{ template "chart.${c}.fullname" . }}`,
    '  namespace: {{ include "chart.namespace" . }}',
    'spec:',
    `  replicas: {{ .Values.${c}.replicaCount }}`,
    '  template:',
    '    metadata:',
    '      annotations:',
    '        checksum/config: {{ include (print $.Template.BasePath "/cm.yaml") . | sha256sum }}',
    `        {{- with .Values.${c}.podAnnotations }}`,
    '        {{- toYaml . | nindent 8 }}',
    '        {{- end }}',
    '    spec:',
    '      containers:',
    `        - name: {{ template "chart.name" . }}-${c}`,
    `          image: "{{ .Values.${c}.image.repository }}:{{ .Values.${c}.image.tag | default .Chart.AppVersion }}"`,
    `          imagePullPolicy: "{{ .Values.${c}.image.pullPolicy }}"`,
    '          args:',
    `            - --storage.tsdb.retention.time={{ .Values.${c}.retention }}`,
    `          {{- range $key, $value := .Values.${c}.extraArgs }}`,
    '            - --{{ $key }}={{ $value }}',
    '          {{- end }}',
    '{{- end }}',
    '',
  ].join('\n');
}

/** A rendered manifest: a Deployment with its Service, as `helm template` or kubectl prints them. */
export function manifestBlock(rng) {
  const c = `${rng.pick(WORDS)}-${rng.pick(WORDS)}`;
  const port = rng.range(1000, 9999);
  return [
    '---',
    `# Source: ${rng.pick(WORDS)}/templates/${c}.yaml`,
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${c}`,
    `  namespace: ${rng.pick(['default', 'monitoring', 'platform', 'openclaw'])}`,
    '  labels:',
    `    app.kubernetes.io/name: ${c}`,
    `    app.kubernetes.io/version: ${version(rng)}`,
    `    helm.sh/chart: ${c}-${version(rng)}`,
    'spec:',
    `  replicas: ${rng.range(1, 5)}`,
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${c}`,
    '  template:',
    '    metadata:',
    '      annotations:',
    // Charts that mount a ConfigMap roll their pods when it changes (a third of them here).
    ...(rng.chance(0.3) ? [`        checksum/config: ${rng.hex(64)}`] : []),
    `        kubectl.kubernetes.io/restartedAt: "2025-0${rng.range(1, 9)}-1${rng.range(0, 9)}T0${rng.range(0, 9)}:1${rng.range(0, 9)}:00Z"`,
    '    spec:',
    `      serviceAccountName: ${c}`,
    '      containers:',
    `        - name: ${c}`,
    `          image: ${rng.pick(IMAGES)}@sha256:${rng.hex(64)}`,
    '          ports:',
    `            - containerPort: ${port}`,
    '              name: http',
    '          env:',
    '            - name: POD_NAME',
    '              valueFrom:',
    '                fieldRef:',
    '                  fieldPath: metadata.name',
    `            - name: ${rng.pick(['OPENCLAW_GATEWAY_TOKEN', 'API_TOKEN', 'DB_PASSWORD'])}`,
    '              valueFrom:',
    '                secretKeyRef:',
    `                  name: ${c}`,
    '                  key: token',
    '          resources:',
    '            limits:',
    `              memory: ${rng.range(1, 8) * 128}Mi`,
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${c}`,
    `  uid: ${uuid(rng)}`,
    'spec:',
    '  ports:',
    `    - port: ${port}`,
    '      targetPort: http',
    '',
  ].join('\n');
}

/** One property of a CRD's openAPIV3Schema: descriptions make most of a CRD's bytes. */
export function crdBlock(rng, n) {
  const name = camel(rng.pick(WORDS), rng.pick(['Selector', 'Config', 'Spec', 'Ref', 'Limits'])) + n;
  // Under `openAPIV3Schema.properties` (the file's head ends there); the nesting is inside the block.
  const d = pad(10);
  return [
    `${d}${name}:`,
    `${d}  description: |-`,
    `${d}    ${rng.pick(PROSE)}`,
    `${d}    ${rng.pick(PROSE)}`,
    `${d}  properties:`,
    `${d}    key:`,
    `${d}      description: The key of the secret to select from.  Must be a valid secret key.`,
    `${d}      type: string`,
    `${d}    name:`,
    `${d}      default: ""`,
    `${d}      description: ${rng.pick(PROSE)}`,
    `${d}      type: string`,
    `${d}    optional:`,
    `${d}      description: Specify whether the Secret or its key must be defined`,
    `${d}      type: boolean`,
    `${d}  required:`,
    `${d}  - key`,
    `${d}  type: object`,
    `${d}  x-kubernetes-map-type: atomic`,
    '',
  ].join('\n');
}

export function composeBlock(rng, n) {
  const s = `${rng.pick(WORDS)}${n}`;
  return [
    `  ${s}:`,
    `    image: ${rng.pick(IMAGES)}:${version(rng)}`,
    '    restart: unless-stopped',
    '    ports:',
    `      - "${rng.range(1000, 9999)}:${rng.range(1000, 9999)}"`,
    '    volumes:',
    `      - ./${s}/data:/var/lib/${s}`,
    '    environment:',
    `      - ${s.toUpperCase()}_LOG_LEVEL=info`,
    rng.chance(0.5) ? '      - OPENCLAW_GATEWAY_TOKEN=${OPENCLAW_GATEWAY_TOKEN}' : `      - ${s.toUpperCase()}_PASSWORD=\${${s.toUpperCase()}_PASSWORD:?set it in .env}`,
    '    depends_on:',
    `      - ${rng.pick(WORDS)}`,
    '',
  ].join('\n');
}
