// Filling a registry through the distribution API for the listing benchmarks: a tiny image pushed once,
// its manifest tagged many times, and many repositories made by cross-mounting its blobs (so seeding
// costs a few small requests per repository, not uploads).
import type { BenchAuth } from './auth.js';
import type { MemoryImage } from './image.js';
import type { Target } from './registries.js';

async function expectStatus(res: Response, wanted: number[], what: string): Promise<void> {
  if (!wanted.includes(res.status)) {
    throw new Error(`${what}: HTTP ${res.status} ${await res.text().catch(() => '')}`);
  }
}

function withDigest(location: string, base: string, digest: string): string {
  const u = new URL(location, base);
  u.searchParams.set('digest', digest);
  return u.toString();
}

/** Finishes an upload session with one monolithic PUT. */
async function putUpload(target: Target, location: string, blob: { digest: string; bytes: Buffer }, token: string): Promise<void> {
  const res = await fetch(withDigest(location, target.url, blob.digest), {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: blob.bytes,
  });
  await expectStatus(res, [201], `PUT blob ${blob.digest} to ${target.side}`);
  await res.arrayBuffer();
}

/** POST + PUT (distribution 2.8 ignores a digest on the POST, so a one-request upload is not portable). */
export async function uploadBlob(target: Target, repo: string, blob: { digest: string; bytes: Buffer }, token: string): Promise<void> {
  const res = await fetch(`${target.url}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  await expectStatus(res, [202], `POST upload to ${target.side}/${repo}`);
  await res.arrayBuffer();
  await putUpload(target, res.headers.get('location')!, blob, token);
}

/** Cross-repository mount; a registry that declines (202) gets the bytes uploaded instead. */
async function mountBlob(target: Target, repo: string, from: string, blob: { digest: string; bytes: Buffer }, token: string): Promise<void> {
  const q = new URLSearchParams({ mount: blob.digest, from });
  const res = await fetch(`${target.url}/v2/${repo}/blobs/uploads/?${q}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  await expectStatus(res, [201, 202], `mount ${blob.digest} into ${target.side}/${repo}`);
  await res.arrayBuffer();
  if (res.status === 202) await putUpload(target, res.headers.get('location')!, blob, token);
}

export async function putManifest(target: Target, repo: string, reference: string, image: MemoryImage, token: string): Promise<void> {
  const res = await fetch(`${target.url}/v2/${repo}/manifests/${reference}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': image.mediaType },
    body: image.manifest,
  });
  await expectStatus(res, [201], `PUT manifest ${target.side}/${repo}:${reference}`);
  await res.arrayBuffer();
}

/** Runs `fn` over 0..count-1 with at most `limit` in flight. */
export async function forEachLimit(count: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

export const tagName = (i: number) => `t${String(i).padStart(4, '0')}`;

/** Pushes `image` to `repo` and tags its manifest `count` times (plus `latest`). */
export async function seedTags(target: Target, auth: BenchAuth, repo: string, image: MemoryImage, count: number): Promise<void> {
  const token = auth.pushToken(repo);
  await uploadBlob(target, repo, image.layer, token);
  await uploadBlob(target, repo, image.config, token);
  await putManifest(target, repo, 'latest', image, token);
  await forEachLimit(count, 8, (i) => putManifest(target, repo, tagName(i), image, token));
}

/** `count` repositories `<prefix>/rNNNN`, each holding `image` (blobs mounted from `source`). */
export async function seedRepositories(target: Target, auth: BenchAuth, prefix: string, source: string, image: MemoryImage, count: number): Promise<void> {
  const seedOne = async (i: number) => {
    const repo = `${prefix}/r${String(i).padStart(4, '0')}`;
    const token = auth.pushToken(repo, source);
    await mountBlob(target, repo, source, image.layer, token);
    await mountBlob(target, repo, source, image.config, token);
    await putManifest(target, repo, 'latest', image, token);
  };
  // All at once on purpose: concurrent first pushes into one new project must not race each other.
  await forEachLimit(count, 8, seedOne);
}
