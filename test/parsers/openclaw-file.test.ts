import { describe } from 'node:test';
import { openclawFile } from '../../src/parsers/openclaw-file.js';
import { itDetects, itKeepsEventLinesBehindNeedles, itNeverThrows, itParsesScenarios } from './parser-fixtures.js';

describe('openclaw-file parse', () => {
  itParsesScenarios(openclawFile);
  itKeepsEventLinesBehindNeedles(openclawFile);
  itNeverThrows(openclawFile);
});
describe('openclaw-file detect', () => itDetects(openclawFile));
