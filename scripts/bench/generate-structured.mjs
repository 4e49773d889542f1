// The structured scan corpus: a YAML/JSON-heavy tree like a platform repository — Helm charts,
// rendered manifests and CRDs, docker-compose stacks — next to the apps it deploys, with their
// npm lockfiles and locale files (docs/product.md §10: the scan's speed on real trees).
//   charts/      values.yaml, templates/*.yaml, Chart.yaml, files/openclaw.json   (~22%)
//   manifests/   rendered Deployments and Services, Secrets                       (~10%)
//   crds/        CustomResourceDefinitions, 0.1–1.5 MB each                        (~14%)
//   apps/        package-lock.json 0.2–5 MB (~34%), locales/*.json UTF-8 (~17%)
//   compose/     compose.yaml stacks                                              (~3%)
// Planted gateway tokens sit where people put them (a `gateway:` block in chart values, a Secret's
// stringData, a compose environment, openclaw.json in a chart); the rest holds the look-alikes.
import { rngFor } from './prng.mjs';
import { spend, treeWriter } from './tree-writer.mjs';
import { LOCALE_IDS, localeSection, lockEntry } from './app-text.mjs';
import { base64, composeBlock, crdBlock, manifestBlock, templateBlock, valuesBlock } from './structured-text.mjs';

export const STRUCTURED_GENERATOR_VERSION = 1;

const KiB = 1024;
const MiB = 1024 * KiB;

export function generateStructuredTree(root, targetBytes) {
  const rng = rngFor('structured-tree');
  const { summary, token, plant, writeFile } = treeWriter(root, rng, ['literal', 'bare']);
  const ctx = { rng, make: structuredMakers(rng), token, plant, writeFile };
  writeCharts(ctx, targetBytes * 0.22);
  writeManifests(ctx, targetBytes * 0.1);
  writeCrds(ctx, targetBytes * 0.14);
  writeApps(ctx, targetBytes * 0.51);
  writeCompose(ctx, targetBytes * 0.03);
  return summary;
}

/** Writes `block()` until the file reaches `size`, calling `at(out)` once at a random point. */
function fillTo(out, rng, size, block, at) {
  let atByte = at === undefined ? -1 : rng.range(0, size);
  while (out.size < size) {
    if (atByte >= 0 && out.size >= atByte) {
      at(out);
      atByte = -1;
    }
    out.write(block());
  }
  if (atByte >= 0) at(out);
}

function writeCharts({ rng, make, token, plant, writeFile }, budget) {
  // A chart is one values.yaml (8–200 KB) and its templates (~a third of the values' size).
  spend(rng, budget * 0.75, 8 * KiB, 200 * KiB, (size, i) => {
    const openclaw = rng.chance(0.15);
    const dir = `charts/${openclaw ? 'openclaw-gateway' : 'platform'}-${i}`;
    writeFile('helm', `${dir}/Chart.yaml`, (out) =>
      out.write(`apiVersion: v2\nname: chart-${i}\ndescription: A Helm chart for Kubernetes\ntype: application\nversion: 1.${i}.0\nappVersion: "${rng.range(1, 9)}.${rng.range(0, 40)}.0"\n`),
    );
    const gateway = (out) => {
      // `token: ""` with an existingSecret is how charts ship; one in three was filled in.
      const value = rng.chance(0.35) ? plant('literal', token()) : rng.pick(['""', 'changeme', '${OPENCLAW_GATEWAY_TOKEN}', '"<your-gateway-token>"']);
      out.write(`## OpenClaw gateway\n##\ngateway:\n  ## Token clients present; leave empty to use existingSecret\n  token: ${value}\n  existingSecret: ""\n  port: 18789\n\n`);
      if (rng.chance(0.2)) out.write(`secrets:\n  openclawGatewayToken: ${plant('literal', token())}\n\n`);
    };
    writeFile('helm', `${dir}/values.yaml`, (out) => {
      out.write('# Default values for the chart.\n# This is a YAML-formatted file.\n# Declare variables to be passed into your templates.\n\n');
      fillTo(out, rng, size, make.values, openclaw ? gateway : undefined);
    });
    spend(rng, size / 3, 2 * KiB, 12 * KiB, (tsize, t) => writeFile('helm', `${dir}/templates/t${t}.yaml`, (out) => fillTo(out, rng, tsize, make.template)));
    if (openclaw) {
      writeFile('helm', `${dir}/files/openclaw.json`, (out) => {
        const auth = rng.chance(0.3) ? plant('literal', token()) : '${OPENCLAW_GATEWAY_TOKEN}';
        out.write(`{\n  "gateway": {\n    "mode": "local",\n    "port": 18789,\n    "auth": {\n      "mode": "token",\n      "token": "${auth}"\n    }\n  },\n  "agents": {\n    "defaults": {\n      "workspace": "~/.openclaw/workspace"\n    }\n  }\n}\n`);
      });
    }
  });
}

function writeManifests({ rng, make, token, plant, writeFile }, budget) {
  spend(rng, budget, 2 * KiB, 40 * KiB, (size, i) => {
    writeFile('manifests', `manifests/${rng.pick(['dev', 'staging', 'prod'])}/app-${i}.yaml`, (out) =>
      fillTo(out, rng, size, make.manifest, (o) => {
        // A Secret: base64 data (passwords, a certificate on one line) and, now and then, stringData
        // with the token in clear; or a pod annotation holding a bare pairing token.
        o.write(`---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app-${i}\ntype: Opaque\ndata:\n  password: ${base64(rng, rng.range(12, 24))}\n  tls.crt: ${base64(rng, rng.range(900, 1400))}\n`);
        if (rng.chance(0.15)) o.write(`stringData:\n  OPENCLAW_GATEWAY_TOKEN: ${plant('literal', token())}\n`);
        else if (rng.chance(0.05)) o.write(`---\nkind: Pod\nmetadata:\n  annotations:\n    openclaw.ai/pairing: ${plant('bare', rng.hex(48))}\n`);
      }),
    );
  });
}

function writeCrds({ rng, make, writeFile }, budget) {
  spend(rng, budget, 100 * KiB, 1536 * KiB, (size, i) => {
    writeFile('crds', `crds/crd-${i}.yaml`, (out) => {
      out.write(`---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  annotations:\n    controller-gen.kubebuilder.io/version: v0.${rng.range(10, 18)}.0\n  name: resources${i}.monitoring.example.com\nspec:\n  group: monitoring.example.com\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n`);
      fillTo(out, rng, size, make.crd);
    });
  });
}

function writeApps({ rng, make, writeFile }, budget) {
  // Per app: one lockfile and a locale file per language; lockfiles are two thirds of the bytes.
  spend(rng, budget, 1 * MiB, 7 * MiB, (size, i) => {
    const dir = `apps/app-${i}`;
    writeFile('lockfile', `${dir}/package-lock.json`, (out) => {
      out.write(`{\n  "name": "app-${i}",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": {\n      "name": "app-${i}",\n      "version": "1.0.0"\n    },\n`);
      fillTo(out, rng, size * 0.66, make.lock);
      out.write(`    "node_modules/zz-end-${i}": {\n      "version": "1.0.0"\n    }\n  }\n}\n`);
    });
    const perLocale = (size * 0.34) / LOCALE_IDS.length;
    for (const id of LOCALE_IDS) {
      writeFile('locale', `${dir}/locales/${id}.json`, (out) => {
        out.write('{\n');
        fillTo(out, rng, perLocale, make.locale[id]);
        out.write('  "end": {}\n}\n');
      });
    }
  });
}

function writeCompose({ rng, make, token, plant, writeFile }, budget) {
  spend(rng, budget, 1 * KiB, 5 * KiB, (size, i) => {
    writeFile('compose', `compose/stack-${i}/compose.yaml`, (out) => {
      out.write('services:\n');
      fillTo(out, rng, size, make.compose, (o) => {
        if (rng.chance(0.1)) o.write(`  gateway:\n    image: ghcr.io/openclaw/gateway:latest\n    environment:\n      - OPENCLAW_GATEWAY_TOKEN=${plant('literal', token())}\n`);
      });
    });
  });
}

/**
 * The makers of each kind. Blocks whose lines carry a fresh digest, hash or id (values, manifests,
 * compose services, lockfile entries) are made anew each time: the scan knows a repeated line by a
 * map lookup, and in real trees those lines rarely repeat. CRD properties are named uniquely. Templates
 * and locale sections repeat in real trees too, so they come from pools.
 */
function structuredMakers(rng) {
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
