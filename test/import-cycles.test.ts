// Data flows one way (STYLE.md: folders are the pipeline): no module of src/ imports itself back
// through others, and the prefilter and the value engine (issue 9 §3: once five scan helpers
// imported each other in a circle) are in no cycle even counting type-only imports.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers.js';

const SRC = path.join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports and re-exports of each module, as src-relative paths; `withTypes` keeps `import type`. */
function importGraph(withTypes: boolean): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s+'(\.[^']+)'/gms)) {
      if (m[1] !== undefined && !withTypes) continue;
      targets.push(path.relative(SRC, path.resolve(path.dirname(file), m[2]!.replace(/\.js$/, '.ts'))));
    }
    graph.set(path.relative(SRC, file), targets);
  }
  return graph;
}

/** Strongly connected groups of more than one module (Tarjan): each is an import cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1) found.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import cycles', () => {
  it('reads the imports it checks (the graph is not empty, and sees a known edge)', () => {
    const graph = importGraph(true);
    assert.ok(graph.size > 100);
    assert.ok(graph.get(path.join('prefilter', 'line-marker.ts'))?.includes(path.join('prefilter', 'needles.ts')));
  });

  it('no module of src/ imports itself back through others', () => {
    assert.deepEqual(cycles(importGraph(false)), []);
  });

  it('src/prefilter and src/values are in no cycle, type-only imports counted', () => {
    const inFolders = cycles(importGraph(true)).filter((c) => c.some((m) => m.startsWith(`prefilter${path.sep}`) || m.startsWith(`values${path.sep}`)));
    assert.deepEqual(inFolders, []);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    assert.deepEqual(cycles(graph), [['a.ts', 'b.ts', 'c.ts']]);
  });
});
