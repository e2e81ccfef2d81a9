// The console's static server: files from memory with gzip and cache headers, the SPA fallback, and the
// real production build as setup leaves it.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { DEFAULT_WEB_ROOT } from '../src/server/config.js';
import { startPortal, type RunningPortal } from '../src/server/server.js';
import { acceptsGzip } from '../src/server/app.js';
import { createLogger } from '@harbor/telemetry';

const logger = createLogger('portal-test', 'silent');
let root: string;
let portal: RunningPortal;
const script = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'portal-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>\n'.repeat(10));
  writeFileSync(join(root, 'assets', 'app-abc123.js'), script);
  writeFileSync(join(root, 'assets', 'tiny-1.css'), 'a{}');
  writeFileSync(join(root, 'favicon.svg'), '<svg/>');
  portal = await startPortal({ log: { level: 'silent' }, http: { addr: '127.0.0.1:0' }, webRoot: root }, logger);
});

after(async () => {
  await portal.close();
  rmSync(root, { recursive: true, force: true });
});

/** A raw GET (fetch would undo the gzip and hide Content-Encoding). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${portal.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('hashed assets are cached for a year and sent gzipped to clients that accept it', async () => {
  const plain = await get('/assets/app-abc123.js');
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(plain.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString(), script);
  const gz = await get('/assets/app-abc123.js', { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.vary, 'Accept-Encoding');
  assert.ok(gz.body.length < 200, `gzipped ${gz.body.length} bytes`);
  assert.equal(gunzipSync(gz.body).toString(), script);
  assert.equal(Number(gz.headers['content-length']), gz.body.length);
});

test('a file too small to gain from gzip is sent as is', async () => {
  const res = await get('/assets/tiny-1.css', { 'Accept-Encoding': 'gzip' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-encoding'], undefined);
  assert.equal(res.body.toString(), 'a{}');
});

test('index.html is revalidated on every load and answers 304 to its ETag', async () => {
  const first = await get('/index.html');
  assert.equal(first.headers['cache-control'], 'no-cache');
  const etag = String(first.headers.etag);
  assert.match(etag, /^"[\w-]+"$/);
  const again = await get('/index.html', { 'If-None-Match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  const changed = await get('/index.html', { 'If-None-Match': '"other"' });
  assert.equal(changed.status, 200);
});

test('app routes load index.html (deep links and refreshes work); missing files are 404', async () => {
  for (const path of ['/', '/harbor/projects', '/harbor/projects/3/repositories/a%2Fb/artifacts/sha256:abc', '/account/sign-in?redirect_url=/x']) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.match(res.body.toString(), /<div id="root">/, path);
    assert.equal(res.headers['cache-control'], 'no-cache', path);
  }
  for (const path of ['/assets/missing-123.js', '/assets/anything', '/robots.txt', '/x/y.png']) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
  }
});

test('HEAD carries the headers without a body; other methods are refused', async () => {
  const head = await get('/assets/app-abc123.js', {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(Number(head.headers['content-length']), Buffer.byteLength(script));
  assert.equal(head.body.length, 0);
  const post = await get('/harbor/projects', {}, 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
});

test('path tricks never leave the web root', async () => {
  for (const path of ['/../package.json', '/assets/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%00.js']) {
    const res = await get(path);
    assert.ok(res.status === 404 || res.status === 200, `${path}: ${res.status}`);
    assert.doesNotMatch(res.body.toString(), /root:|"name"/, path);
  }
});

test('Accept-Encoding is read with its q-values', () => {
  assert.equal(acceptsGzip('gzip'), true);
  assert.equal(acceptsGzip('br, gzip;q=0.5'), true);
  assert.equal(acceptsGzip('gzip;q=0'), false);
  assert.equal(acceptsGzip('*'), true);
  assert.equal(acceptsGzip('*;q=0'), false);
  assert.equal(acceptsGzip('identity'), false);
  assert.equal(acceptsGzip(undefined), false);
});

test('the production build (made by setup) is served: index.html points at hashed, immutable, gzipped assets', async () => {
  const built = await startPortal({ log: { level: 'silent' }, http: { addr: '127.0.0.1:0' }, webRoot: DEFAULT_WEB_ROOT }, logger);
  try {
    const index = await (await fetch(`${built.url}/harbor/projects`)).text();
    const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(assets.some((a) => a.endsWith('.js')), `scripts in ${index}`);
    assert.ok(assets.some((a) => a.endsWith('.css')), `styles in ${index}`);
    for (const a of assets) {
      const res = await fetch(`${built.url}${a}`, { headers: { 'Accept-Encoding': 'gzip' } });
      await res.arrayBuffer();
      assert.equal(res.status, 200, a);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable', a);
      assert.equal(res.headers.get('content-encoding'), 'gzip', a);
    }
  } finally {
    await built.close();
  }
});
