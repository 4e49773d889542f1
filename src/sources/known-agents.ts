// Agents and devices the team already knows: `--known-agents FILE` (one id per line, `#`
// comments) and `--agents-dir DIR` (each `DIR/<name>/agent.yaml` is agent <name>).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

export function readKnownAgentsFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the known-agents file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

export function readAgentsDir(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (error) {
    throw new InputError(`cannot read the agents directory: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, dir);
  }
  return names.filter((name) => existsSync(path.join(dir, name, 'agent.yaml'))).sort();
}
