// Moving big content: skopeo push and pull (timed as a client sees them, process start included) and
// curl GETs of a blob with a bearer token, alone or several at once.
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { makeTempDir, removeDir, runCommand, skopeo } from '@harbor/testkit';
import type { LayoutImage } from './image.js';
import type { Target } from './registries.js';

export interface Timed {
  seconds: number;
  bytes: number;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** `skopeo copy oci:DIR:tag docker://HOST/repo:tag` with credentials (skopeo fetches the token itself). */
export async function skopeoPush(image: LayoutImage, target: Target, repo: string, creds: string): Promise<Timed> {
  const seconds = await timed(() =>
    skopeo(['copy', '--quiet', '--dest-tls-verify=false', '--dest-creds', creds, image.ref, `docker://${target.host}/${repo}:${image.tag}`], { timeoutMs: 300_000 }),
  );
  return { seconds, bytes: image.totalBytes };
}

/** `skopeo copy docker://HOST/repo:tag oci:<fresh dir>:tag`; the copy is removed afterwards. */
export async function skopeoPull(image: LayoutImage, target: Target, repo: string, creds: string): Promise<Timed> {
  const dir = makeTempDir('bench-pull');
  try {
    const seconds = await timed(() =>
      skopeo(['copy', '--quiet', '--src-tls-verify=false', '--src-creds', creds, `docker://${target.host}/${repo}:${image.tag}`, `oci:${join(dir, 'img')}:${image.tag}`], { timeoutMs: 300_000 }),
    );
    return { seconds, bytes: image.totalBytes };
  } finally {
    removeDir(dir);
  }
}

/** One `curl -s -o /dev/null` GET of a blob; time is curl's own time_total (no process start). */
export async function curlGet(target: Target, repo: string, digest: string, expectedBytes: number, token: string): Promise<Timed> {
  const { stdout } = await runCommand('curl', [
    '-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_total}',
    '-H', `Authorization: Bearer ${token}`,
    `${target.url}/v2/${repo}/blobs/${digest}`,
  ], { timeoutMs: 300_000 });
  const [code, size, total] = stdout.trim().split(' ');
  if (code !== '200' || Number(size) !== expectedBytes) {
    throw new Error(`blob GET from ${target.side}: HTTP ${code}, ${size} bytes (expected 200, ${expectedBytes})`);
  }
  return { seconds: Number(total), bytes: Number(size) };
}

/** `n` concurrent curl GETs of the blob; time is wall clock from the first start to the last finish. */
export async function parallelGets(n: number, target: Target, repo: string, digest: string, expectedBytes: number, token: string): Promise<Timed> {
  let bytes = 0;
  const seconds = await timed(async () => {
    const results = await Promise.all(Array.from({ length: n }, () => curlGet(target, repo, digest, expectedBytes, token)));
    bytes = results.reduce((sum, r) => sum + r.bytes, 0);
  });
  return { seconds, bytes };
}
