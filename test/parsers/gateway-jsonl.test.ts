import { describe } from 'node:test';
import { gatewayJsonl } from '../../src/parsers/gateway-jsonl.js';
import { itDetects, itKeepsEventLinesBehindNeedles, itNeverThrows, itParsesScenarios } from './parser-fixtures.js';

describe('gateway-jsonl parse', () => {
  itParsesScenarios(gatewayJsonl);
  itKeepsEventLinesBehindNeedles(gatewayJsonl);
  itNeverThrows(gatewayJsonl);
});
describe('gateway-jsonl detect', () => itDetects(gatewayJsonl));
