import { describe } from 'node:test';
import { openclawConsole } from '../../src/parsers/openclaw-console.js';
import { itDetects, itKeepsEventLinesBehindNeedles, itNeverThrows, itParsesScenarios } from './parser-fixtures.js';

describe('openclaw-console parse', () => {
  itParsesScenarios(openclawConsole);
  itKeepsEventLinesBehindNeedles(openclawConsole);
  itNeverThrows(openclawConsole);
});
describe('openclaw-console detect', () => itDetects(openclawConsole));
