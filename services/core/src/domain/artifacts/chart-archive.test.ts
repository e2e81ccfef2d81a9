import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ChartArchiveError, chartDependencies, readChartArchive } from './chart-archive.js';

/** A ustar archive of regular files (and a GNU long-name entry when a name needs one). */
function tar(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  const entry = (name: string, body: Buffer, type: string) => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0);
    h.write('0000644\0', 100);
    h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write(type, 156);
    h.write('ustar\u000000', 257);
    h.fill(' ', 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  };
  for (const [name, text] of Object.entries(files)) {
    if (name.length > 100) entry('././@LongLink', Buffer.from(`${name}\0`), 'L');
    entry(name, Buffer.from(text), '0');
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

test('chart archive: top-level files only, names compared case-insensitively, long names followed', () => {
  const long = `demo/${'x'.repeat(120)}/values.yaml`;
  const files = readChartArchive(gzipSync(tar({
    'demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\n',
    'demo/values.yaml': 'a: 1\n',
    'demo/readme.MD': '# hi\n',
    'demo/charts/sub/README.md': 'nested\n',
    [long]: 'nested: true\n',
  })), 1 << 20);
  assert.deepEqual(files, { chartYaml: 'apiVersion: v2\nname: demo\nversion: 1.0.0\n', values: 'a: 1\n', readme: '# hi\n' });
});

test('chart archive: a non-gzip body, a missing Chart.yaml and an oversized archive are refused', () => {
  assert.throws(() => readChartArchive(Buffer.from('plain'), 1 << 20), ChartArchiveError);
  assert.throws(() => readChartArchive(gzipSync(tar({ 'demo/values.yaml': 'a: 1\n' })), 1 << 20), /no Chart.yaml/);
  const big = gzipSync(tar({ 'demo/Chart.yaml': 'x', 'demo/values.yaml': 'y'.repeat(200_000) }));
  assert.throws(() => readChartArchive(big, 100_000), (e) => e instanceof ChartArchiveError && e.tooLarge);
});

test('chart dependencies: Chart.yaml for v2, requirements.yaml for v1, Go field order and omitempty', () => {
  const v2 = {
    chartYaml: 'apiVersion: v2\nname: a\nversion: 1.0.0\ndependencies:\n  - name: b\n    repository: oci://x\n    enabled: false\n    alias: bee\n    tags: [t]\n',
  };
  assert.deepEqual(chartDependencies(v2), [{ name: 'b', repository: 'oci://x', tags: ['t'], alias: 'bee' }]);
  assert.deepEqual(Object.keys(chartDependencies(v2)[0]), ['name', 'repository', 'tags', 'alias']);
  const v1 = { chartYaml: 'apiVersion: v1\nname: a\nversion: 1.0.0\n', requirements: 'dependencies:\n  - name: c\n    version: ~1.2\n    repository: https://r\n' };
  assert.deepEqual(chartDependencies(v1), [{ name: 'c', version: '~1.2', repository: 'https://r' }]);
  assert.deepEqual(chartDependencies({ chartYaml: 'apiVersion: v2\nname: a\n' }), []);
  assert.throws(() => chartDependencies({ chartYaml: 'a: [' }), ChartArchiveError);
});
