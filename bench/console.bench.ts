// The web console's load time: the whole suite as `npm start` runs it, Debian's Chromium loading the
// projects page through the proxy on loopback, first with an empty cache and then with a warm one, until
// the projects table shows `library`. Target (issue): loads in under 1 s. Also printed: the bytes the
// first load transferred (gzip) and the navigation timings. No reference product to compare with, so
// the table's "theirs" column stays empty.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startHarborSuite } from '@harbor/testkit';
import { printTable, Results, writeJson } from './lib/report.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RESULTS = fileURLToPath(new URL('./results/console-latest.json', import.meta.url));

interface Load { ms: number; ttfbMs: number; domContentLoadedMs: number; transferredBytes: number }

async function main(): Promise<void> {
  console.log(`console benchmark: ${ROUNDS} rounds, cold and warm cache`);
  const suite = await startHarborSuite();
  const chromium = await launchChromium();
  const results = new Results();
  results.define('cold', 'console first load, empty cache (projects table shown)', 'ms', false, { kind: 'max', value: 1000, strict: true });
  results.define('warm', 'console load, warm cache', 'ms', false, { kind: 'max', value: 1000, strict: true });
  results.define('ttfb', 'index.html time to first byte, cold', 'ms', false);
  results.define('dcl', 'DOMContentLoaded, cold', 'ms', false);
  results.define('bytes', 'bytes transferred, cold (gzip)', 'KiB', false);
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const load = async (): Promise<Load> => {
        const started = performance.now();
        await page.goto(`${suite.url}/harbor/projects`);
        await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'library', exact: true }).waitFor({ timeout: 30_000 });
        const ms = performance.now() - started;
        const timing = await page.evaluate<{ ttfb: number; dcl: number; bytes: number }>(`(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const res = performance.getEntriesByType('resource');
          const bytes = nav.transferSize + res.reduce((n, r) => n + (r.transferSize || 0), 0);
          return { ttfb: nav.responseStart - nav.startTime, dcl: nav.domContentLoadedEventEnd - nav.startTime, bytes };
        })()`);
        return { ms, ttfbMs: timing.ttfb, domContentLoadedMs: timing.dcl, transferredBytes: timing.bytes };
      };
      const cold = await load();
      const warm = await load();
      await context.close();
      results.add('cold', 'ours', cold.ms);
      results.add('warm', 'ours', warm.ms);
      results.add('ttfb', 'ours', cold.ttfbMs);
      results.add('dcl', 'ours', cold.domContentLoadedMs);
      results.add('bytes', 'ours', cold.transferredBytes / 1024);
      console.log(`  round ${round}: cold ${cold.ms.toFixed(0)} ms (${(cold.transferredBytes / 1024).toFixed(1)} KiB), warm ${warm.ms.toFixed(0)} ms (${(warm.transferredBytes / 1024).toFixed(1)} KiB)`);
    }
  } finally {
    await chromium.close();
    await suite.stop();
  }
  const rows = results.summarize();
  printTable(rows);
  const met = rows.filter((r) => r.pass === true).length;
  const missed = rows.filter((r) => r.pass === false).map((r) => r.key);
  console.log(`\n${met} targets met, ${missed.length} missed${missed.length ? ` (${missed.join(', ')})` : ''}`);
  writeJson(RESULTS, rows, { benchmark: 'console', rounds: ROUNDS }, results.notes);
  console.log(`results written to ${join('bench', 'results', 'console-latest.json')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
