// The two measurement phases. Transfer: per round, a fresh instance of each registry (fresh storage, and
// for ours a fresh database) takes a skopeo push and pull of the big image, then blob GETs while its
// memory is sampled. Load: one seeded instance of each, then timed autocannon runs, alternating which
// registry goes first each round so drift (thermal, page cache, neighbours) hits both alike.
import type { BenchAuth } from './auth.js';
import type { LayoutImage, MemoryImage } from './image.js';
import { measureLoad, type LoadResult } from './load.js';
import { startTarget, SIDES, type Side, type Target } from './registries.js';
import { median, type Results } from './report.js';
import { startSinkRegistry, type SinkRegistry } from './sink-registry.js';
import { statusMiB, withRssPeak } from './rss.js';
import { seedRepositories, seedTags } from './seed.js';
import { curlGet, parallelGets, skopeoPull, skopeoPush } from './transfer.js';

const MB = 1e6;
export const TAG_COUNT = 1000;
export const REPO_COUNT = 1000;
const SMALL_REPO = 'bench/small';
const OCI_MANIFEST_ACCEPT = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

export type Log = (msg: string) => void;

/** ours, theirs on even rounds; theirs, ours on odd ones. */
export function sideOrder(round: number): readonly Side[] {
  return round % 2 === 0 ? SIDES : [...SIDES].reverse();
}

export interface TransferContext {
  auth: BenchAuth;
  big: LayoutImage;
  mid: LayoutImage;
  results: Results;
  log: Log;
  nodeArgs: string[];
}

/**
 * The client's floors: skopeo pushing the image to a registry that does nothing, and pulling it from one
 * that serves it straight from the image's files (lib/sink-registry.ts). Recorded under `pushFloor` and
 * `pullFloor` (ours column; it is neither registry).
 */
export async function floorRound(round: number, ctx: Pick<TransferContext, 'auth' | 'big' | 'results' | 'log'>): Promise<void> {
  const asTarget = (sink: SinkRegistry): Target => ({ side: 'ours', url: sink.url, host: sink.host, pid: process.pid, stop: sink.close });
  const repo = `bench/floor-${round}`;
  const pushSink = await startSinkRegistry();
  let pushSeconds: number;
  try {
    pushSeconds = (await skopeoPush(ctx.big, asTarget(pushSink), repo, ctx.auth.creds)).seconds;
  } finally {
    await pushSink.close();
  }
  // A second sink that holds the image: the first one answers every blob HEAD with 404, as a push needs.
  const pullSink = await startSinkRegistry(ctx.big.dir);
  let pullSeconds: number;
  try {
    pullSeconds = (await skopeoPull(ctx.big, asTarget(pullSink), repo, ctx.auth.creds)).seconds;
  } finally {
    await pullSink.close();
  }
  ctx.results.add('pushFloor', 'ours', pushSeconds);
  ctx.results.add('pullFloor', 'ours', pullSeconds);
  ctx.log(`  round ${round + 1} floor  push ${pushSeconds.toFixed(2)} s, pull ${pullSeconds.toFixed(2)} s (skopeo against a do-nothing sink)`);
}

/**
 * The notes that say how far the push and pull ratios can go on this machine: distribution's time over the
 * client's floor (a registry taking no time at all would reach exactly that ratio).
 */
export function ceilingNotes(results: Results): string[] {
  const notes: string[] = [];
  for (const [what, floorKey, timeKey] of [['push', 'pushFloor', 'pushSeconds'], ['pull', 'pullFloor', 'pullSeconds']] as const) {
    const floor = median(results.figures.get(floorKey)?.samples.ours ?? []);
    const theirs = median(results.figures.get(timeKey)?.samples.theirs ?? []);
    const ours = median(results.figures.get(timeKey)?.samples.ours ?? []);
    if (!Number.isFinite(floor) || !Number.isFinite(theirs)) continue;
    notes.push(`client floor: skopeo ${what === 'push' ? 'pushes' : 'pulls'} this image ${what === 'push' ? 'to' : 'from'} a do-nothing registry in ${floor.toFixed(2)} s; ` +
      `distribution takes ${theirs.toFixed(2)} s, so no registry can show more than ${(theirs / floor).toFixed(2)}× distribution's ${what} ` +
      `throughput here (ours: ${(theirs / ours).toFixed(2)}×, ${((ours - floor) * 1000).toFixed(0)} ms above the floor; distribution ` +
      `${((theirs - floor) * 1000).toFixed(0)} ms)`);
  }
  return notes;
}

export async function transferRound(side: Side, round: number, ctx: TransferContext): Promise<void> {
  const { auth, big, mid, results, log } = ctx;
  const t = await startTarget(side, auth, ctx.nodeArgs);
  try {
    const bigRepo = `bench/big-${round}`;
    const midRepo = `bench/mid-${round}`;
    const push = await skopeoPush(big, t, bigRepo, auth.creds);
    results.add('push', side, push.bytes / push.seconds / MB);
    results.add('pushSeconds', side, push.seconds);
    const pull = await skopeoPull(big, t, bigRepo, auth.creds);
    results.add('pull', side, pull.bytes / pull.seconds / MB);
    results.add('pullSeconds', side, pull.seconds);
    await skopeoPush(mid, t, midRepo, auth.creds);

    const token = auth.token([
      { type: 'repository', name: bigRepo, actions: ['pull'] },
      { type: 'repository', name: midRepo, actions: ['pull'] },
    ]);
    const single = await curlGet(t, bigRepo, big.layer.digest, big.layer.size, token);
    results.add('blobGet', side, single.bytes / single.seconds / MB);
    results.add('rssIdle', side, statusMiB(t.pid, 'VmRSS'));
    const small = await withRssPeak(t.pid, () => parallelGets(8, t, midRepo, mid.layer.digest, mid.layer.size, token));
    const large = await withRssPeak(t.pid, () => parallelGets(8, t, bigRepo, big.layer.digest, big.layer.size, token));
    results.add('blobGet8', side, large.result.bytes / large.result.seconds / MB);
    results.add('rss50', side, small.rss.peakMiB);
    results.add('rss200', side, large.rss.peakMiB);
    results.add('rssGrowth', side, large.rss.peakMiB - small.rss.peakMiB);
    results.add('hwm', side, statusMiB(t.pid, 'VmHWM'));
    log(
      `  round ${round + 1} ${side.padEnd(6)} push ${push.seconds.toFixed(2)} s, pull ${pull.seconds.toFixed(2)} s, ` +
        `GET ${(single.bytes / single.seconds / MB).toFixed(0)} MB/s, 8×GET ${(large.result.bytes / large.result.seconds / MB).toFixed(0)} MB/s, ` +
        `RSS peak ${small.rss.peakMiB.toFixed(0)}/${large.rss.peakMiB.toFixed(0)} MiB (50/200 MB blob)`,
    );
  } finally {
    await t.stop();
  }
}

interface LoadCase {
  key: string;
  path: string;
  method: 'GET' | 'HEAD';
  token: string;
  accept?: string;
}

function loadCases(auth: BenchAuth): LoadCase[] {
  const pull = auth.pullToken(SMALL_REPO);
  return [
    { key: 'manifestGet', path: `/v2/${SMALL_REPO}/manifests/latest`, method: 'GET', token: pull, accept: OCI_MANIFEST_ACCEPT },
    { key: 'manifestHead', path: `/v2/${SMALL_REPO}/manifests/latest`, method: 'HEAD', token: pull, accept: OCI_MANIFEST_ACCEPT },
    { key: 'tags', path: `/v2/${SMALL_REPO}/tags/list`, method: 'GET', token: pull },
    { key: 'catalog', path: '/v2/_catalog?n=100', method: 'GET', token: auth.catalogToken() },
  ];
}

/** Checks both registries answer the listings alike before their speed is compared. */
async function checkListings(t: Target, auth: BenchAuth, log: Log): Promise<void> {
  const tags = await fetch(`${t.url}/v2/${SMALL_REPO}/tags/list`, { headers: { authorization: `Bearer ${auth.pullToken(SMALL_REPO)}` } });
  const catalog = await fetch(`${t.url}/v2/_catalog?n=100`, { headers: { authorization: `Bearer ${auth.catalogToken()}` } });
  const tagCount = ((await tags.json()) as { tags?: string[] }).tags?.length;
  const repoCount = ((await catalog.json()) as { repositories?: string[] }).repositories?.length;
  log(`  ${t.side}: tags/list → ${tags.status}, ${tagCount} tags; _catalog?n=100 → ${catalog.status}, ${repoCount} names`);
  if (tagCount !== TAG_COUNT + 1 || repoCount !== 100) throw new Error(`${t.side} listings are not as seeded`);
}

export interface LoadContext {
  auth: BenchAuth;
  image: MemoryImage;
  results: Results;
  log: Log;
  rounds: number;
  durationSeconds: number;
  nodeArgs: string[];
}

export async function loadPhase(ctx: LoadContext): Promise<void> {
  const { auth, image, results, log } = ctx;
  const targets = new Map<Side, Target>();
  try {
    for (const side of SIDES) {
      const t = await startTarget(side, auth, ctx.nodeArgs);
      targets.set(side, t);
      const t0 = Date.now();
      await seedTags(t, auth, SMALL_REPO, image, TAG_COUNT);
      await seedRepositories(t, auth, 'catalog', SMALL_REPO, image, REPO_COUNT);
      log(`  ${side}: seeded ${TAG_COUNT} tags and ${REPO_COUNT} repositories in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await checkListings(t, auth, log);
    }
    const cases = loadCases(auth);
    for (const side of SIDES) {
      for (const c of cases) await runCase(targets.get(side)!, c, 1); // warm-up: JIT, caches, connections
    }
    for (let round = 0; round < ctx.rounds; round++) {
      for (const c of cases) {
        for (const side of sideOrder(round)) {
          const r = await runCase(targets.get(side)!, c, ctx.durationSeconds);
          results.add(c.key, side, r.rps);
          const bad = r.non2xx + r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : '';
          if (bad) results.notes.push(`${c.key} ${side} round ${round + 1}:${bad}`);
          log(`  round ${round + 1} ${c.key.padEnd(12)} ${side.padEnd(6)} ${r.rps.toFixed(0).padStart(6)} req/s, p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms${bad}`);
        }
      }
    }
    for (const [side, t] of targets) results.add('hwmLoad', side, statusMiB(t.pid, 'VmHWM'));
  } finally {
    for (const t of targets.values()) await t.stop();
  }
}

function runCase(t: Target, c: LoadCase, durationSeconds: number): Promise<LoadResult> {
  return measureLoad(t.url + c.path, { method: c.method, token: c.token, accept: c.accept, durationSeconds });
}
