// Large bodies stream through the proxy in both directions without being held in memory: 50 MB up (with a
// length, and chunked) and 50 MB down arrive intact, while the proxy, run as its own process from main.ts,
// grows its resident memory by far less than one body.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, makeTempDir, removeDir, spawnDaemon, waitUntil, type Daemon } from '@harbor/testkit';
import { patternStream, rawRequest, sha256Of, startEchoUpstream, type EchoUpstream } from './helpers.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const SIZE = 50 * 1024 * 1024;
const WARM = 10 * 1024 * 1024;
// A buffering proxy would grow by at least SIZE - WARM over the warm-up peak; streaming costs socket
// buffers and a few chunks.
const MAX_GROWTH = 24 * 1024 * 1024;

function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} for ${pid}`);
  return Number(m[1]);
}

/** Peak RSS of `pid` while `fn` runs: the kernel's high-water mark after a reset, plus sampling. */
async function peakRssDuring(pid: number, fn: () => Promise<void>): Promise<{ baselineKb: number; peakKb: number }> {
  const baselineKb = memoryKb(pid, 'VmRSS');
  let hwmReset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
  } catch {
    hwmReset = false; // not permitted here: sampling alone still catches sustained growth
  }
  let sampled = baselineKb;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, memoryKb(pid, 'VmRSS'));
  }, 10);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const peakKb = Math.max(sampled, memoryKb(pid, 'VmRSS'), hwmReset ? memoryKb(pid, 'VmHWM') : 0);
  return { baselineKb, peakKb };
}

describe('streaming through a proxy process', () => {
  let registry: EchoUpstream;
  let core: EchoUpstream;
  let child: Daemon;
  let port: number;
  let dir: string;
  let expected: string;
  let warmPeakKb = 0;

  before(async () => {
    [registry, core] = await Promise.all([startEchoUpstream('registry'), startEchoUpstream('core')]);
    dir = makeTempDir('proxy-stream');
    port = await freePort();
    const configPath = join(dir, 'proxy.yml');
    writeFileSync(configPath, [
      'log:', '  level: warn',
      'http:', `  addr: 127.0.0.1:${port}`,
      'upstreams:', `  registry: ${registry.url}`, `  core: ${core.url}`,
    ].join('\n'));
    child = spawnDaemon(process.execPath, ['--conditions=development', '--import', 'tsx', 'services/proxy/src/main.ts', configPath], {
      cwd: ROOT,
      logFile: join(dir, 'proxy.log'),
    });
    await waitUntil('proxy', child, async () => (await rawRequest(port, '/healthz')).status === 200);
    expected = (await sha256Of(patternStream(SIZE))).digest;
    // Warm up with smaller bodies: JIT, heap sizing and socket buffers of the streaming path are part of
    // the process' working set, and the GC makes instantaneous RSS swing by tens of MB; the peak of this
    // phase is the baseline. A proxy that buffered would need SIZE - WARM more than that peak.
    const warm = await peakRssDuring(child.pid, async () => {
      for (let i = 0; i < 2; i++) {
        await rawRequest(port, '/v2/library/warm/blobs/uploads/w', { method: 'PUT', body: patternStream(WARM), headers: { 'Content-Length': String(WARM) } });
        await rawRequest(port, `/v2/library/warm/blobs/stream/${WARM}`);
      }
    });
    warmPeakKb = warm.peakKb;
  });

  after(async () => {
    await child?.stop();
    await Promise.all([registry.close(), core.close()]);
    removeDir(dir);
  });

  test('a 50 MB PUT with Content-Length arrives intact', async () => {
    const { baselineKb, peakKb } = await peakRssDuring(child.pid, async () => {
      const res = await rawRequest(port, `/v2/library/big/blobs/uploads/u1?digest=sha256:${expected}`, {
        method: 'PUT',
        body: patternStream(SIZE),
        headers: { 'Content-Length': String(SIZE), 'Content-Type': 'application/octet-stream' },
      });
      assert.equal(res.status, 200);
      const echo = res.json();
      assert.equal(echo.bodyBytes, SIZE);
      assert.equal(echo.bodySha256, expected);
      assert.equal(echo.headers['content-length'], String(SIZE));
    });
    assertBounded(peakKb, Math.max(baselineKb, warmPeakKb));
  });

  test('a 50 MB chunked PATCH arrives intact', async () => {
    const { baselineKb, peakKb } = await peakRssDuring(child.pid, async () => {
      const res = await rawRequest(port, '/v2/library/big/blobs/uploads/u2', {
        method: 'PATCH',
        body: patternStream(SIZE),
        headers: { 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/octet-stream' },
      });
      const echo = res.json();
      assert.equal(echo.bodyBytes, SIZE);
      assert.equal(echo.bodySha256, expected);
      assert.equal(echo.headers['transfer-encoding'], 'chunked');
    });
    assertBounded(peakKb, Math.max(baselineKb, warmPeakKb));
  });

  test('a 50 MB response streams back intact', async () => {
    const { baselineKb, peakKb } = await peakRssDuring(child.pid, async () => {
      const res = await rawRequest(port, `/v2/library/big/blobs/stream/${SIZE}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-length'], String(SIZE));
      assert.equal(createHash('sha256').update(res.body).digest('hex'), expected);
    });
    assertBounded(peakKb, Math.max(baselineKb, warmPeakKb));
  });
});

function assertBounded(peakKb: number, baselineKb: number): void {
  assert.ok((peakKb - baselineKb) * 1024 < MAX_GROWTH, `proxy RSS grew by ${peakKb - baselineKb} kB over ${baselineKb} kB`);
}
