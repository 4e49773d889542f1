// report.html in a real browser: Debian's chromium, driven by playwright-core (no browser download).
// Opened from disk, it must render the findings, coverage and timeline with the expected rows and
// marks, attempt no network request, log no console error, and filter without script. The
// screenshot lands in test-artifacts/ (a build artifact of the test run; the README's picture is
// made by scripts/screenshot-report.mjs).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { ROOT } from '../helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, buildDemoReport } from './demo-report.js';

describe('report.html in headless Chromium', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM} (.ci/run installs Debian's chromium)` }, () => {
  it('renders the findings, the coverage and the timeline from disk, with no network and no console error', async () => {
    const { out, json } = await buildDemoReport();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const network: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) network.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`file://${path.join(out, 'report.html')}`);
      const main = json.findings.filter((f: { producer: string }) => f.producer === 'scan' || f.producer === 'audit');
      assert.equal(await page.locator('#findings + style + .filters table tbody tr').count(), main.length);
      const coverage = json.runs.filter((r: { producer: string }) => r.producer === 'audit' || r.producer === 'rotation').reduce((n: number, r: { inputs: unknown[] }) => n + r.inputs.length, 0);
      assert.equal(await page.locator('#coverage-table tbody tr').count(), coverage);
      assert.equal(await page.locator('svg.timeline title').first().textContent(), 'Timeline of audit');
      assert.ok((await page.locator('svg.timeline .mark.registration').count()) > 0, 'no registration marks');
      assert.ok((await page.locator('svg.timeline .mark.first-use').count()) > 0, 'no first-use marks');
      assert.equal(await page.locator('svg.timeline rect.window').count(), 1);
      assert.ok((await page.locator('svg.timeline rect.bucket').count()) > 0, 'no token-use buckets');
      assert.match((await page.locator('#verdict').textContent()) ?? '', /^FAIL: new findings at or above/);
      // Filtering needs no script: unticking "critical" hides the critical rows.
      const critical = main.filter((f: { severity: string }) => f.severity === 'critical').length;
      assert.ok(critical > 0);
      await page.locator('label[for="findings-sev-critical"]').click();
      assert.equal(await page.locator('#findings + style + .filters table tbody tr:visible').count(), main.length - critical);
      await page.locator('label[for="findings-sev-critical"]').click();
      mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'test-artifacts', 'report.png'), fullPage: true });
      assert.deepEqual(network, []);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
    assert.ok(readFileSync(path.join(ROOT, 'test-artifacts', 'report.png')).length > 10_000);
  });
});
