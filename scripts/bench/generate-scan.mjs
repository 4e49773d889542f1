// The scan corpus: a mixed tree like a monorepo checkout plus the logs a CI artifact bucket holds.
//   services/   TypeScript, Python and Go sources (~35%)
//   deploy/     gateway.yaml, agents/*/agent.yaml, .env, openclaw.json, systemd units (<1%)
//   ci-logs/    GitHub Actions job logs (~34%)
//   containers/ Docker json-file logs of gateway containers (~30%)
// Mostly clean text with the usual look-alikes (env references, CI masks, digests, device ids);
// a few planted literal tokens, counted in the summary so findings can be checked against them.
import { isoMillis } from './iso-time.mjs';
import { rngFor } from './prng.mjs';
import { spend, treeWriter } from './tree-writer.mjs';
import { codeBlockPools, ciMessagePool, consolePayloadPool } from './scan-text.mjs';

export const SCAN_GENERATOR_VERSION = 1;

const KiB = 1024;
const MiB = 1024 * KiB;

export function generateScanTree(root, targetBytes) {
  const rng = rngFor('scan-tree');
  const { summary, token, plant, writeFile } = treeWriter(root, rng, ['literal', 'bare', 'other']);
  const ctx = { rng, token, plant, writeFile };
  const budgets = { config: 0.005, source: 0.355, ci: 0.34, docker: 0.3 };
  writeConfigs(ctx, targetBytes * budgets.config);
  writeSources(ctx, targetBytes * budgets.source);
  writeCiLogs(ctx, targetBytes * budgets.ci);
  writeDockerLogs(ctx, targetBytes * budgets.docker);
  return summary;
}

function writeSources({ rng, token, plant, writeFile }, budget) {
  const pools = codeBlockPools(rng);
  const langs = [
    { ext: 'ts', comment: '//', pool: pools.ts, head: "import { readFile } from 'node:fs/promises';\nimport type { Config } from './config.js';\n\n", leak: (t) => `const FIXTURE_TOKEN = '${t}';\n` },
    { ext: 'py', comment: '#', pool: pools.py, head: 'import os\nimport logging\n\nlogger = logging.getLogger(__name__)\n\n', leak: (t) => `FIXTURE_TOKEN = "${t}"\n` },
    { ext: 'go', comment: '//', pool: pools.go, head: 'package gateway\n\nimport (\n\t"context"\n\t"fmt"\n\t"os"\n)\n\n', leak: (t) => `const fixtureToken = "${t}"\n` },
  ];
  spend(rng, budget, 2 * KiB, 60 * KiB, (size, i) => {
    const lang = langs[i % 3];
    const rel = `services/svc-${Math.floor(i / 400)}/src/mod-${Math.floor(i / 40) % 10}/file-${i}.${lang.ext}`;
    writeFile('source', rel, (out) => {
      out.write(lang.head);
      // One file in a hundred holds a hard-coded fixture token, one in two hundred a curl example.
      let bareAt = rng.chance(0.01) ? rng.range(0, size) : -1;
      let bearerAt = rng.chance(0.005) ? rng.range(0, size) : -1;
      while (out.size < size) {
        if (bareAt >= 0 && out.size >= bareAt) {
          out.write(plant('bare', lang.leak(token())));
          bareAt = -1;
        } else if (bearerAt >= 0 && out.size >= bearerAt) {
          out.write(plant('literal', `${lang.comment} curl -H "Authorization: Bearer ${token()}" http://localhost:18789/api/v1/health\n`));
          bearerAt = -1;
        }
        out.write(rng.pick(lang.pool));
      }
    });
  });
}

function writeConfigs({ rng, token, plant, writeFile }, budget) {
  const value = (p) => (rng.chance(p) ? plant('literal', token()) : '${OPENCLAW_GATEWAY_TOKEN}');
  const envs = ['dev', 'staging', 'prod', 'qa', 'demo'];
  // Budgeted at 4 KiB per environment folder (the files come to about 1 KiB): few, small files.
  spend(rng, budget, 4 * KiB, 4 * KiB, (_size, i) => {
    const dir = `deploy/${envs[i % envs.length]}-${i}`;
    const port = rng.range(8000, 19000);
    writeFile('config', `${dir}/gateway.yaml`, (out) => {
      out.write(`# gateway for ${dir}\ngateway:\n  token: ${value(0.1)}\n`);
      if (rng.chance(0.2)) out.write(`  token_secondary: ${value(0.3)}\n`);
      out.write(`  port: ${port}\n  host: "0.0.0.0"\n  log_format: jsonl\nagents:\n  dir: ./agents\n  max_concurrent: ${rng.range(2, 32)}\n`);
    });
    for (const name of ['researcher', 'triage', 'notifier'].slice(0, rng.range(1, 3))) {
      writeFile('config', `${dir}/agents/${name}/agent.yaml`, (out) =>
        out.write(`name: ${name}\nmodel: claude-sonnet-4\ngateway_url: ws://gateway:${port}\ngateway_token: ${value(0.05)}\nchannels: [slack, email]\n`),
      );
    }
    writeFile('config', `${dir}/.env`, (out) => {
      const env = rng.pick(['changeme', 'your-token', '${OPENCLAW_GATEWAY_TOKEN}', 'REPLACE_ME']);
      // A database password is not clawprint's business, but it gives secretlint's preset something to find.
      const db = rng.chance(0.2) ? `app:${plant('other', rng.base64url(20))}` : 'app';
      out.write(`# copy to .env.local\nOPENCLAW_GATEWAY_TOKEN=${rng.chance(0.15) ? plant('literal', token()) : env}\nOPENCLAW_GATEWAY_PORT=${port}\nLOG_LEVEL=info\nDATABASE_URL=postgres://${db}@db:5432/app\n`);
    });
    writeFile('config', `${dir}/openclaw.json`, (out) => {
      const auth = rng.chance(0.1) ? plant('literal', token()) : '${OPENCLAW_GATEWAY_TOKEN}';
      const hooks = rng.chance(0.1) ? plant('literal', token()) : '${OPENCLAW_HOOKS_TOKEN}';
      out.write(`{\n  // written by openclaw onboard\n  gateway: {\n    mode: "local",\n    port: ${port},\n    auth: { mode: "token", token: "${auth}" },\n  },\n  hooks: { enabled: true, token: "${hooks}" },\n  agents: { defaults: { workspace: "~/.openclaw/workspace" } },\n}\n`);
    });
    if (rng.chance(0.1)) {
      writeFile('config', `${dir}/openclaw-gateway.service`, (out) =>
        out.write(`[Unit]\nDescription=OpenClaw Gateway\n\n[Service]\nExecStart=/usr/bin/openclaw gateway --port ${port}\nEnvironment=OPENCLAW_GATEWAY_TOKEN=${value(0.5)}\nRestart=always\n\n[Install]\nWantedBy=default.target\n`),
      );
    }
  });
}

function writeCiLogs({ rng, token, plant, writeFile }, budget) {
  const pool = ciMessagePool(rng);
  spend(rng, budget, 512 * KiB, 6 * MiB, (size, i) => {
    writeFile('ci', `ci-logs/run-${1000 + i}/${rng.range(0, 4)}_${rng.pick(['build', 'test', 'deploy', 'lint'])}.txt`, (out) => {
      let t = Date.UTC(2025, 1, 21, 8, 0, 0) + i * 600_000;
      const plants = rng.chance(0.5) ? rng.range(1, 2) : 0;
      const plantAt = Array.from({ length: plants }, () => rng.range(0, size));
      out.write('\ufeff');
      while (out.size < size) {
        const due = plantAt.findIndex((at) => out.size >= at);
        let messages;
        if (due >= 0) {
          plantAt.splice(due, 1);
          const tok = token();
          // Built at run time, so the runner's *** masking never saw it.
          messages = [plant('literal', rng.pick([`curl -sS "https://gw.internal/hooks/wake?token=${tok}"`, `Gateway token: ${tok}`, `  x-openclaw-token: ${tok}`]))];
        } else {
          messages = rng.pick(pool);
        }
        for (const message of messages) {
          t += rng.range(0, 400);
          out.write(`${isoMillis(t)}${rng.range(1000, 9999)}Z ${message}\n`);
        }
      }
    });
  });
}

const DOCKER_SPLIT = 16 * KiB;

function writeDockerLogs({ rng, token, plant, writeFile }, budget) {
  const pool = consolePayloadPool(rng);
  spend(rng, budget, 2 * MiB, 16 * MiB, (size, i) => {
    const id = rng.hex(64);
    writeFile('docker', `containers/${id}/${id}-json.log${i % 5 === 4 ? '.1' : ''}`, (out) => {
      let t = Date.UTC(2025, 1, 20, 0, 0, 0) + i * 3_600_000;
      const plantAt = rng.chance(0.4) ? rng.range(0, size) : -1;
      const splitAt = rng.chance(0.5) ? rng.range(0, size) : -1;
      const time = () => {
        t += rng.range(0, 250);
        const nanos = `${isoMillis(t)}${String(rng.range(0, 999999)).padStart(6, '0')}`;
        // Docker trims trailing zeros from the fraction (docs/formats.md).
        return `${nanos.replace(/\.?0+$/, '')}Z`;
      };
      const record = (log, stream, ts) => out.write(`{"log":"${log}","stream":"${stream}","time":"${ts}"}\n`);
      let planted = false;
      let split = false;
      while (out.size < size) {
        if (!planted && plantAt >= 0 && out.size >= plantAt) {
          planted = true;
          record(`GET /hooks/wake?x=1\\u0026token=${plant('literal', token())} 200 3ms\\n`, 'stdout', time());
        } else if (!split && splitAt >= 0 && out.size >= splitAt) {
          // A line over 16 KiB becomes several records sharing one time; the token straddles the cut.
          split = true;
          const tok = plant('literal', token());
          const head = `POST /api/v1/agents/researcher/messages body=${'x'.repeat(DOCKER_SPLIT - 70)} token=`;
          const line = `${head}${tok} 200 41ms`;
          const ts = time();
          record(line.slice(0, DOCKER_SPLIT - 16), 'stdout', ts);
          record(`${line.slice(DOCKER_SPLIT - 16)}\\n`, 'stdout', ts);
        } else {
          record(rng.pick(pool), rng.chance(0.9) ? 'stdout' : 'stderr', time());
        }
      }
    });
  });
}
