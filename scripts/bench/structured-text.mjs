// YAML and JSON text for the structured scan corpus (generate-structured.mjs), made from the seed.
// Their shapes follow real files read for
// this (none is copied): Helm values and templates as in prometheus-community/helm-charts, manifests
// and CRDs as in kubernetes/examples and the prometheus-operator CRDs, compose files as in
// docker/awesome-compose, npm lockfile v3 entries as npm writes them, and UTF-8 locale files as in
// excalidraw's packages/excalidraw/locales. The look-alikes a scanner must not report are in them:
// image digests, checksum annotations, SRI integrity hashes, base64 Secret data, template and env
// references, UUIDs and git ids.

// `gateway` is rarer in real trees than any of these: it appears where the corpus puts it.
const WORDS = ['server', 'alertmanager', 'exporter', 'operator', 'webhook', 'ingress', 'storage', 'metrics', 'queue', 'worker', 'scheduler', 'agent', 'router', 'proxy', 'cache', 'config', 'reloader', 'sidecar', 'admission', 'collector'];
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

const cap = (w) => w[0].toUpperCase() + w.slice(1);
const camel = (a, b) => a + cap(b);
const uuid = (rng) => `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;
const version = (rng) => `${rng.range(0, 9)}.${rng.range(0, 30)}.${rng.range(0, 20)}`;
const pad = (n) => ' '.repeat(n);

/** Base64 of random bytes, as SRI integrity hashes and Secret data carry it. */
export function base64(rng, bytes) {
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buf[i] = rng.int(256);
  return buf.toString('base64');
}

/** A component block of a Helm values.yaml: commented, nested, mostly defaults. */
function valuesBlock(rng, n) {
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
function templateBlock(rng) {
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
function manifestBlock(rng) {
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
function crdBlock(rng, n) {
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

function composeBlock(rng, n) {
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

const SCOPES = ['', '', '', '@babel/', '@types/', '@esbuild/', '@smithy/', '@aws-sdk/', '@opentelemetry/'];

/** One `packages` entry of a package-lock.json v3 (two-space indent, as npm writes it). */
function lockEntry(rng) {
  // One package in a thousand names a gateway, as AWS SDK clients do.
  const name = rng.chance(0.001)
    ? `@aws-sdk/client-api-gateway${rng.range(0, 99)}`
    : `${rng.pick(SCOPES)}${rng.pick(WORDS)}-${rng.pick(WORDS)}${rng.chance(0.3) ? `-${rng.range(2, 99)}` : ''}`;
  const v = version(rng);
  const base = name.includes('/') ? name.split('/')[1] : name;
  const lines = [
    `    "node_modules/${name}": {`,
    `      "version": "${v}",`,
    `      "resolved": "https://registry.npmjs.org/${name}/-/${base}-${v}.tgz",`,
    // Old packages still carry SHA-1 integrity; nearly all carry SHA-512.
    rng.chance(0.03) ? `      "integrity": "sha1-${base64(rng, 20)}",` : `      "integrity": "sha512-${base64(rng, 64)}",`,
  ];
  if (rng.chance(0.6)) lines.push('      "dev": true,');
  lines.push(`      "license": "${rng.pick(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause'])}"${rng.chance(0.6) ? ',' : ''}`);
  if (lines[lines.length - 1].endsWith(',')) {
    const deps = Array.from({ length: rng.range(1, 5) }, () => `        "${rng.pick(SCOPES)}${rng.pick(WORDS)}-${rng.pick(WORDS)}": "^${version(rng)}"`);
    lines.push('      "dependencies": {', [...new Set(deps)].join(',\n'), '      },', '      "engines": {', `        "node": ">=${rng.range(6, 20)}"`, '      }');
  }
  lines.push('    },');
  return `${lines.join('\n')}\n`;
}

// Words per locale, enough to make UTF-8 strings of the right script and length.
const LOCALES = {
  'de-DE': ['Einfügen', 'Zeichenfläche', 'verschieben', 'Löschen', 'Formatierung', 'übernehmen', 'Hintergrund', 'ändern', 'Größe'],
  'fr-FR': ['Coller', 'sélectionner', 'arrière-plan', 'Supprimer', 'modèle', 'été', 'copié', 'presse-papiers', 'Paramètres'],
  'ja-JP': ['貼り付け', 'すべて選択', 'キャンバス', '移動', '削除', '背景', '変更', 'クリップボード', '設定'],
  'ru-RU': ['Вставить', 'Выбрать', 'холст', 'Удалить', 'фон', 'Изменить', 'буфер', 'обмена', 'Настройки'],
  'zh-CN': ['粘贴', '全选', '画布', '移动', '删除', '背景', '更改', '剪贴板', '设置'],
  'ar-SA': ['لصق', 'تحديد', 'الكل', 'اللوحة', 'حذف', 'الخلفية', 'تغيير', 'الحافظة', 'الإعدادات'],
  'hi-IN': ['चिपकाएँ', 'सभी', 'चुनें', 'कैनवास', 'हटाएँ', 'पृष्ठभूमि', 'बदलें', 'क्लिपबोर्ड', 'सेटिंग्स'],
  'pt-BR': ['Colar', 'Selecionar', 'tudo', 'Excluir', 'plano', 'fundo', 'Alterar', 'área', 'transferência'],
  'ko-KR': ['붙여넣기', '모두', '선택', '캔버스', '삭제', '배경', '변경', '클립보드', '설정'],
  'en-US': ['Paste', 'Select', 'all', 'canvas', 'Delete', 'background', 'Change', 'clipboard', 'Settings'],
};
export const LOCALE_IDS = Object.keys(LOCALES);

/** A section of a locale file: `"labels": { "pasteAsPlaintext": "…", … }`. */
function localeSection(rng, locale) {
  const words = LOCALES[locale];
  const entries = Array.from({ length: rng.range(8, 40) }, (_, i) => {
    const key = `${rng.pick(['paste', 'copy', 'select', 'change', 'export', 'toggle', 'show'])}${cap(rng.pick(WORDS))}${i}`;
    const text = Array.from({ length: rng.range(1, 7) }, () => rng.pick(words)).join(' ');
    const value = rng.chance(0.05) ? `${text} {{count}}` : text;
    return `    "${key}": "${value}"`;
  });
  return `  "${rng.pick(['labels', 'buttons', 'alerts', 'errors', 'toolBar', 'hints', 'stats', 'welcomeScreen'])}${rng.range(0, 99)}": {\n${entries.join(',\n')}\n  },\n`;
}

/**
 * The makers of each kind. Blocks whose lines carry a fresh digest, hash or id (values, manifests,
 * compose services, lockfile entries) are made anew each time: the scan knows a repeated line by a
 * map lookup, and in real trees those lines rarely repeat. CRD properties are named uniquely. Templates
 * and locale sections repeat in real trees too, so they come from pools.
 */
export function structuredMakers(rng) {
  const pool = (n, make) => {
    const items = Array.from({ length: n }, () => make(rng));
    return () => rng.pick(items);
  };
  // Keys of one mapping must differ (YAML): blocks that are one key each are numbered.
  let n = 0;
  return {
    values: () => valuesBlock(rng, n++),
    template: pool(100, templateBlock),
    manifest: () => manifestBlock(rng),
    crd: () => crdBlock(rng, n++),
    compose: () => composeBlock(rng, n++),
    lock: () => lockEntry(rng),
    locale: Object.fromEntries(LOCALE_IDS.map((id) => [id, pool(80, (r) => localeSection(r, id))])),
  };
}
