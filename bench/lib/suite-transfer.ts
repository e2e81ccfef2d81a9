// Content through the whole suite against distribution direct: per round a fresh 200 MB single-layer
// image (so no registry and no client cache has seen its blob) pushed and pulled with skopeo and its
// blob fetched with curl, sides alternating which goes first; then manifest GETs by tag at 32
// connections. Ours is driven as a developer of a private project: skopeo does the token dance against
// core through the proxy, and the load generators carry a token core issued.
import { makeTempDir, removeDir } from '@harbor/testkit';
import { startPipeProxy } from './pipe-proxy.js';
import type { BenchAuth } from './auth.js';
import { tinyImage, writeLayoutImage, type LayoutImage } from './image.js';
import { measureLoad } from './load.js';
import { ceilingNotes, floorRound, sideOrder, type Log } from './phases.js';
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
  /** Our registry on its own port, without the proxy. */
  registry: Target;
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
  results.define('regPushSeconds', 'skopeo push time, our registry without the proxy', 's', false);
  results.define('regPullSeconds', 'skopeo pull time, our registry without the proxy', 's', false);
  results.define('regBlobGet', 'blob GET, our registry without the proxy', 'MB/s', true);
  results.define('hopPushSeconds', 'skopeo push time, each registry behind a bare Node proxy (hop floor)', 's', false);
  results.define('hopPullSeconds', 'skopeo pull time, each registry behind a bare Node proxy (hop floor)', 's', false);
  results.define('hopBlobGet', 'blob GET, each registry behind a bare Node proxy (hop floor)', 'MB/s', true);
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
        const x = await transferOnce(sides[side], repo, image, credsOf(side, sides), () => pullToken(side, sides, repo));
        results.add('push', side, image.totalBytes / x.push / MB);
        results.add('pushSeconds', side, x.push);
        results.add('pull', side, image.totalBytes / x.pull / MB);
        results.add('pullSeconds', side, x.pull);
        results.add('blobGet', side, x.get);
        log(`  round ${round + 1} ${side.padEnd(6)} ${describe(x)}`);
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

interface Transfer {
  push: number;
  pull: number;
  /** MB/s */
  get: number;
}

/** skopeo push and pull of `image` to `repo` on `t` (seconds each), then one curl GET of its layer. */
async function transferOnce(t: Target, repo: string, image: LayoutImage, creds: string, token: () => Promise<string>): Promise<Transfer> {
  const push = await skopeoPush(image, t, repo, creds);
  const pull = await skopeoPull(image, t, repo, creds);
  const get = await curlGet(t, repo, image.layer.digest, image.layer.size, await token());
  return { push: push.seconds, pull: pull.seconds, get: get.bytes / get.seconds / MB };
}

const describe = (x: Transfer) => `push ${x.push.toFixed(2)} s, pull ${x.pull.toFixed(2)} s, GET ${x.get.toFixed(0)} MB/s`;

/**
 * Where the suite's transfer time goes: our registry on its own port (no proxy), then each registry behind
 * lib/pipe-proxy-server.ts, the barest Node.js proxy (ours column: our registry; theirs: distribution).
 * The hop shows what one Node.js hop costs here whatever the proxy does; ours behind it against the
 * suite's own proxy shows what our proxy adds beyond that.
 */
async function hopFloorRound(round: number, sides: SuiteSides, image: LayoutImage, results: Results, log: Log): Promise<void> {
  const regRepo = `${PROJECT}/reg-${round}`;
  const reg = await transferOnce(sides.registry, regRepo, image, credsOf('ours', sides), () => pullToken('ours', sides, regRepo));
  results.add('regPushSeconds', 'ours', reg.push);
  results.add('regPullSeconds', 'ours', reg.pull);
  results.add('regBlobGet', 'ours', reg.get);
  log(`  round ${round + 1} registry ${describe(reg)} (ours without the proxy)`);
  for (const side of sideOrder(round)) {
    const hop = await startPipeProxy(side === 'ours' ? sides.registry : sides.theirs);
    try {
      const repo = `${PROJECT}/hop-${round}`;
      const x = await transferOnce(hop, repo, image, credsOf(side, sides), () => pullToken(side, sides, repo));
      results.add('hopPushSeconds', side, x.push);
      results.add('hopPullSeconds', side, x.pull);
      results.add('hopBlobGet', side, x.get);
      log(`  round ${round + 1} hop    ${side.padEnd(6)} ${describe(x)} (behind a bare Node proxy)`);
    } finally {
      await hop.stop();
    }
  }
}

/**
 * One note per transfer: each configuration as a ratio to distribution direct, so the suite's gap splits
 * into what one Node.js hop costs (distribution behind it), what our registry costs (alone, and behind the
 * same hop) and what our proxy adds beyond a bare hop. The hop ratio is the most a suite behind a Node.js
 * proxy can show here.
 */
function hopNotes(results: Results): string[] {
  const med = (key: string, side: Side) => median(results.figures.get(key)?.samples[side] ?? []);
  const rows = [
    ['push', 'pushSeconds', 'regPushSeconds', 'hopPushSeconds', true],
    ['pull', 'pullSeconds', 'regPullSeconds', 'hopPullSeconds', true],
    ['blob GET', 'blobGet', 'regBlobGet', 'hopBlobGet', false],
  ] as const;
  const notes: string[] = [];
  for (const [what, main, reg, hop, isTime] of rows) {
    const direct = med(main, 'theirs');
    if (!Number.isFinite(direct)) continue;
    // A ratio of throughputs: for times the inverse ratio.
    const ratio = (v: number) => (Number.isFinite(v) ? (isTime ? direct / v : v / direct).toFixed(2) + '×' : '–');
    notes.push(`${what} against distribution direct: distribution behind a bare Node.js hop ${ratio(med(hop, 'theirs'))}; ` +
      `our registry alone ${ratio(med(reg, 'ours'))}, behind the same hop ${ratio(med(hop, 'ours'))}, through the suite's proxy ${ratio(med(main, 'ours'))}`);
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
