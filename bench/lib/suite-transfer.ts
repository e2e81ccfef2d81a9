// Content through the whole suite against distribution direct: per round a fresh 200 MB single-layer
// image (so no registry and no client cache has seen its blob) pushed and pulled with skopeo and its
// blob fetched with curl, sides alternating which goes first; then manifest GETs by tag at 32
// connections. Ours is driven as a developer of a private project: skopeo does the token dance against
// core through the proxy, and the load generators carry a token core issued.
import { ceilingNotes, floorRound } from './phases.js';
import { makeTempDir, removeDir } from '@harbor/testkit';
import { startPipeProxy } from './pipe-proxy.js';
import type { BenchAuth } from './auth.js';
import { tinyImage, writeLayoutImage, type LayoutImage } from './image.js';
import { measureLoad } from './load.js';
import { sideOrder, type Log } from './phases.js';
import type { Side, Target } from './registries.js';
import { median, type Results } from './report.js';
import { putManifest, uploadBlob } from './seed.js';
import { coreToken, DEVELOPER, PROJECT, repoScope } from './suite-stack.js';
import { curlGet, skopeoPull, skopeoPush } from './transfer.js';

const MB = 1e6;
const MiB = 2 ** 20;
const SMALL_REPO = `${PROJECT}/small`;
const MANIFEST_ACCEPT = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

export interface SuiteSides {
  ours: Target;
  theirs: Target;
  /** distribution's token server and minter. */
  auth: BenchAuth;
}

export function defineTransferFigures(results: Results): void {
  results.define('push', 'skopeo push, 200 MB image (via proxy)', 'MB/s', true, { kind: 'ratio', min: 1.2 });
  results.define('pushSeconds', 'skopeo push time', 's', false);
  results.define('pushFloor', 'skopeo push time to a do-nothing sink (client floor)', 's', false);
  results.define('pull', 'skopeo pull, 200 MB image (via proxy)', 'MB/s', true, { kind: 'ratio', min: 1.0 });
  results.define('pullSeconds', 'skopeo pull time', 's', false);
  results.define('pullFloor', 'skopeo pull time from a sink serving files (client floor)', 's', false);
  results.define('blobGet', 'blob GET, 1 curl (via proxy)', 'MB/s', true, { kind: 'ratio', min: 0.8 });
  results.define('hopPushSeconds', 'skopeo push time, distribution behind a bare Node proxy (hop floor)', 's', false);
  results.define('hopPullSeconds', 'skopeo pull time, distribution behind a bare Node proxy (hop floor)', 's', false);
  results.define('hopBlobGet', 'blob GET, distribution behind a bare Node proxy (hop floor)', 'MB/s', true);
  results.define('manifestGet', 'manifest GET by tag, 32 conns', 'req/s', true, { kind: 'ratio', min: 1.5 });
  results.define('manifestGetP99', 'manifest GET by tag, 32 conns, p99', 'ms', false);
}

/** A pull token for `repo` on `side`: from core for ours (as the developer), minted for theirs. */
async function pullToken(side: Side, sides: SuiteSides, repo: string): Promise<string> {
  return side === 'ours' ? coreToken(sides.ours.url, DEVELOPER, [repoScope(repo, 'pull')]) : sides.auth.pullToken(repo);
}

const credsOf = (side: Side, sides: SuiteSides) => (side === 'ours' ? `${DEVELOPER.username}:${DEVELOPER.password}` : sides.auth.creds);

export async function transferRounds(sides: SuiteSides, results: Results, rounds: number, log: Log): Promise<void> {
  const work = makeTempDir('bench-suite-img');
  try {
    for (let round = 0; round < rounds; round++) {
      const image = await writeLayoutImage(work, `big-${round}`, 200 * MiB);
      const repo = `${PROJECT}/big-${round}`;
      for (const side of sideOrder(round)) {
        const t = sides[side];
        const push = await skopeoPush(image, t, repo, credsOf(side, sides));
        results.add('push', side, push.bytes / push.seconds / MB);
        results.add('pushSeconds', side, push.seconds);
        const pull = await skopeoPull(image, t, repo, credsOf(side, sides));
        results.add('pull', side, pull.bytes / pull.seconds / MB);
        results.add('pullSeconds', side, pull.seconds);
        const get = await curlGet(t, repo, image.layer.digest, image.layer.size, await pullToken(side, sides, repo));
        results.add('blobGet', side, get.bytes / get.seconds / MB);
        log(`  round ${round + 1} ${side.padEnd(6)} push ${push.seconds.toFixed(2)} s, pull ${pull.seconds.toFixed(2)} s, ` +
          `GET ${(get.bytes / get.seconds / MB).toFixed(0)} MB/s`);
      }
      await floorRound(round, { auth: sides.auth, big: image, results, log });
      await hopFloorRound(round, sides, image, results, log);
      removeDir(image.dir);
    }
    results.notes.push(...ceilingNotes(results), ...hopNotes(results));
  } finally {
    removeDir(work);
  }
}

/**
 * The same push and blob GET against distribution behind lib/pipe-proxy-server.ts, the barest Node.js
 * proxy: what one Node.js hop costs here, whatever the proxy does (recorded in the theirs column).
 */
async function hopFloorRound(round: number, sides: SuiteSides, image: LayoutImage, results: Results, log: Log): Promise<void> {
  const hop = await startPipeProxy(sides.theirs);
  try {
    const repo = `${PROJECT}/hop-${round}`;
    const push = await skopeoPush(image, hop, repo, sides.auth.creds);
    const pull = await skopeoPull(image, hop, repo, sides.auth.creds);
    const get = await curlGet(hop, repo, image.layer.digest, image.layer.size, sides.auth.pullToken(repo));
    results.add('hopPushSeconds', 'theirs', push.seconds);
    results.add('hopPullSeconds', 'theirs', pull.seconds);
    results.add('hopBlobGet', 'theirs', get.bytes / get.seconds / MB);
    log(`  round ${round + 1} hop    push ${push.seconds.toFixed(2)} s, pull ${pull.seconds.toFixed(2)} s, GET ${(get.bytes / get.seconds / MB).toFixed(0)} MB/s ` +
      '(distribution behind a bare Node proxy)');
  } finally {
    await hop.stop();
  }
}

/** How far the suite's push and blob GET ratios can go behind any Node.js proxy on this machine. */
function hopNotes(results: Results): string[] {
  const med = (key: string, side: Side) => median(results.figures.get(key)?.samples[side] ?? []);
  const notes: string[] = [];
  const [hopGet, directGet, oursGet] = [med('hopBlobGet', 'theirs'), med('blobGet', 'theirs'), med('blobGet', 'ours')];
  if (Number.isFinite(hopGet) && Number.isFinite(directGet)) {
    notes.push(`proxy hop: distribution behind a bare Node.js pipe proxy serves the blob at ${hopGet.toFixed(0)} MB/s, ` +
      `${(hopGet / directGet).toFixed(2)}× itself direct: the most a suite behind a Node.js proxy can show on one blob GET here (ours: ${(oursGet / directGet).toFixed(2)}×)`);
  }
  for (const [what, hopKey, timeKey] of [['push', 'hopPushSeconds', 'pushSeconds'], ['pull', 'hopPullSeconds', 'pullSeconds']] as const) {
    const [hop, direct, ours] = [med(hopKey, 'theirs'), med(timeKey, 'theirs'), med(timeKey, 'ours')];
    if (!Number.isFinite(hop) || !Number.isFinite(direct)) continue;
    notes.push(`proxy hop: skopeo ${what === 'push' ? 'pushes to' : 'pulls from'} distribution behind that proxy in ${hop.toFixed(2)} s against ` +
      `${direct.toFixed(2)} s direct (${(direct / hop).toFixed(2)}× its own direct throughput; ours through the suite's proxy: ${(direct / ours).toFixed(2)}×)`);
  }
  return notes;
}

export async function manifestLoad(sides: SuiteSides, results: Results, rounds: number, durationSeconds: number, log: Log): Promise<void> {
  const image = tinyImage();
  const tokens = new Map<Side, string>();
  for (const side of ['ours', 'theirs'] as const) {
    const t = sides[side];
    const push = side === 'ours' ? await coreToken(t.url, DEVELOPER, [repoScope(SMALL_REPO)]) : sides.auth.pushToken(SMALL_REPO);
    await uploadBlob(t, SMALL_REPO, image.layer, push);
    await uploadBlob(t, SMALL_REPO, image.config, push);
    await putManifest(t, SMALL_REPO, 'latest', image, push);
    tokens.set(side, await pullToken(side, sides, SMALL_REPO));
  }
  const run = (side: Side, seconds: number) =>
    measureLoad(`${sides[side].url}/v2/${SMALL_REPO}/manifests/latest`, { token: tokens.get(side)!, accept: MANIFEST_ACCEPT, durationSeconds: seconds });
  for (const side of ['ours', 'theirs'] as const) await run(side, 1); // warm-up: JIT, caches, connections
  for (let round = 0; round < rounds; round++) {
    for (const side of sideOrder(round)) {
      const r = await run(side, durationSeconds);
      results.add('manifestGet', side, r.rps);
      results.add('manifestGetP99', side, r.latencyP99Ms);
      const bad = r.non2xx + r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : '';
      if (bad) results.notes.push(`manifestGet ${side} round ${round + 1}:${bad}`);
      log(`  round ${round + 1} manifest GET ${side.padEnd(6)} ${r.rps.toFixed(0).padStart(6)} req/s, p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms${bad}`);
    }
  }
}
