#!/usr/bin/env node
// Regenerates docs/report.png, the README's picture of report.html: the fixture project of the
// report tests over the demo incident, rendered by Debian's chromium through playwright-core.
// Run after `npm run build`: node scripts/screenshot-report.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildDemoReport, CHROMIUM, CHROMIUM_ARGS } from '../dist/test/report/demo-report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { out } = await buildDemoReport();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1100, height: 1750 } });
await page.goto(`file://${path.join(out, 'report.html')}`);
await page.screenshot({ path: path.join(root, 'docs', 'report.png'), fullPage: false });
await browser.close();
console.log('wrote docs/report.png');
