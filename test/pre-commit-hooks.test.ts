// .pre-commit-hooks.yaml is what the pre-commit framework reads when a repository lists clawprint
// (README "Pre-commit"): a `language: node` hook is installed from this repository's package.json
// and runs `entry` from its bin, with no file names appended.
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ROOT, runCli } from './helpers.js';

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
  always_run?: boolean;
}

const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[]; scripts: Record<string, string> };

describe('.pre-commit-hooks.yaml', () => {
  it('declares one node hook, id clawprint, that runs clawprint scan --staged on the whole index', () => {
    assert.ok(Array.isArray(hooks), 'the file must be a list of hooks');
    assert.deepEqual(
      hooks.map((h) => [h.id, h.entry, h.language, h.pass_filenames, h.always_run]),
      [['clawprint', 'clawprint scan --staged', 'node', false, true]],
    );
    assert.ok(hooks[0]!.name.length > 0);
  });

  it('runs a command the package installs: bin/clawprint.js, shipped and built on install', () => {
    const command = hooks[0]!.entry.split(' ')[0]!;
    const bin = pkg.bin[command];
    assert.equal(bin, 'bin/clawprint.js', `package.json has no bin "${command}"`);
    accessSync(path.join(ROOT, bin), constants.X_OK);
    assert.match(readFileSync(path.join(ROOT, bin), 'utf8'), /^#!\/usr\/bin\/env (?:-S )?node\b/);
    assert.ok(pkg.files.includes('bin/') && pkg.files.includes('dist/src/cli.bundle.cjs'), 'bin/ and the bundled CLI must be in the package');
    // The hook is installed from git, where dist/ is not committed: prepare builds it...
    assert.match(pkg.scripts['prepare'] ?? '', /npm run build/);
    // ...without its banner on npm pack's stdout, where pre-commit reads the tarball's name
    // (test/install/pre-commit.test.ts runs the whole route).
    assert.match(readFileSync(path.join(ROOT, '.npmrc'), 'utf8'), /^foreground-scripts=false$/m);
  });

  it('passes arguments the CLI accepts (--staged is a scan flag)', async () => {
    const [, subcommand, ...flags] = hooks[0]!.entry.split(' ');
    const r = await runCli([subcommand!, '--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const flag of flags) assert.ok(r.stdout.includes(flag), `clawprint ${subcommand} has no ${flag}`);
  });
});
