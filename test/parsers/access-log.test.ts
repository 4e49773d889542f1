import { describe } from 'node:test';
import { accessLog } from '../../src/parsers/access-log.js';
import { itDetects, itKeepsEventLinesBehindNeedles, itNeverThrows, itParsesScenarios } from './parser-fixtures.js';

describe('access-log parse', () => {
  itParsesScenarios(accessLog);
  itKeepsEventLinesBehindNeedles(accessLog);
  itNeverThrows(accessLog);
});
describe('access-log detect', () => itDetects(accessLog));
