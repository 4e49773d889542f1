import { describe } from 'node:test';
import { gatewayLogfmt } from '../../src/parsers/gateway-logfmt.js';
import { itDetects, itKeepsEventLinesBehindNeedles, itNeverThrows, itParsesScenarios } from './parser-fixtures.js';

describe('gateway-logfmt parse', () => {
  itParsesScenarios(gatewayLogfmt);
  itKeepsEventLinesBehindNeedles(gatewayLogfmt);
  itNeverThrows(gatewayLogfmt);
});
describe('gateway-logfmt detect', () => itDetects(gatewayLogfmt));
