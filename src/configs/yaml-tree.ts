// YAML configs (gateway.yaml, agent.yaml, docker-compose, Kubernetes manifests, Helm values,
// Ansible vars) as ConfigNode trees with lines. The `yaml` package lives behind this one module.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Node } from 'yaml';
import { type ConfigNode, ConfigSyntaxError } from './config-file.js';

const require = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;
/** The yaml package, loaded on first use: importing it costs every other command ~50 ms of start-up. */
export const yaml = (): typeof Yaml => (yamlModule ??= require('yaml') as typeof Yaml);

/** Every document of a multi-document file (`---`), in order. */
export function parseYamlTrees(text: string): ConfigNode[] {
  const { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } = yaml();
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  const lineOf = (node: { range?: [number, number, number] | null | undefined } | null | undefined): number =>
    node?.range ? counter.linePos(node.range[0]).line : 1;
  const toTree = (node: Node | null | undefined, depth: number): ConfigNode => {
    const line = lineOf(node);
    if (depth > 500) throw new ConfigSyntaxError('not valid YAML: nested too deeply', line);
    if (isMap(node)) {
      const entries = node.items.map((pair) => {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key ?? '');
        return { key, line: lineOf(pair.key as Node), value: toTree(pair.value as Node, depth + 1) };
      });
      return { kind: 'map', line, entries };
    }
    if (isSeq(node)) return { kind: 'list', line, items: node.items.map((item) => toTree(item as Node, depth + 1)) };
    if (isScalar(node)) {
      const v = node.value;
      return { kind: 'scalar', line, value: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null ? null : String(v) };
    }
    // An alias stands for a value defined elsewhere in the file: that place is reported.
    if (isAlias(node)) return { kind: 'scalar', line, value: null };
    return { kind: 'scalar', line, value: null };
  };
  return list.map((doc) => {
    const error = doc.errors[0];
    if (error !== undefined) throw new ConfigSyntaxError(`not valid YAML: ${error.code}`, error.linePos?.[0]?.line ?? 1);
    return toTree(doc.contents as Node | null, 0);
  });
}
