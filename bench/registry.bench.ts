// Benchmark of our registry against CNCF distribution 2.8.2 (Debian's docker-registry), both with token
// auth: skopeo push/pull of a 200 MB single-layer image, blob GETs, manifest/tags/catalog request rates
// and memory. Prints a table with medians, the ours/theirs ratio and the issue's targets, and writes
// bench/results/latest.json. Run with `npm run bench` (builds first). Not part of `npm test`.
//
// Environment: BENCH_ROUNDS (default 3), BENCH_DURATION seconds per load run (default 5),
// BENCH_PHASES (default `transfer,load`; figures of a skipped phase print as –), BENCH_PROFILE=1 starts ours under `node --cpu-prof` (profiles in bench/results/profiles; the figures
// are then distorted by the profiler and only good for finding where time goes). Extra node flags for
// ours (e.g. --max-semi-space-size=2) go in HARBOR_REGISTRY_NODE_ARGS, which testkit passes on.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeDir } from '@harbor/testkit';
import { createBenchAuth } from './lib/auth.js';
import { tinyImage, writeLayoutImage } from './lib/image.js';
import { loadPhase, ceilingNotes, floorRound, REPO_COUNT, sideOrder, TAG_COUNT, transferRound } from './lib/phases.js';
import { OUR_MAIN } from './lib/registries.js';
import { printTable, Results, writeJson } from './lib/report.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const RESULTS_FILE = join(HERE, 'results', 'latest.json');
const MiB = 2 ** 20;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${raw}`);
  return n;
}

function defineFigures(results: Results): void {
  results.define('push', 'skopeo push, 200 MB image', 'MB/s', true, { kind: 'ratio', min: 1.2 });
  results.define('pushSeconds', 'skopeo push time', 's', false);
  results.define('pushFloor', 'skopeo push time to a do-nothing sink (client floor)', 's', false);
  results.define('pull', 'skopeo pull, 200 MB image', 'MB/s', true, { kind: 'ratio', min: 1.0 });
  results.define('pullSeconds', 'skopeo pull time', 's', false);
  results.define('pullFloor', 'skopeo pull time from a sink serving files (client floor)', 's', false);
  results.define('blobGet', 'blob GET, 1 curl', 'MB/s', true, { kind: 'ratio', min: 1.0 });
  results.define('blobGet8', 'blob GET, 8 concurrent (aggregate)', 'MB/s', true, { kind: 'ratio', min: 1.0 });
  results.define('manifestGet', 'manifest GET by tag, 32 conns', 'req/s', true, { kind: 'ratio', min: 1.5 });
  results.define('manifestHead', 'manifest HEAD by tag, 32 conns', 'req/s', true);
  results.define('tags', `tags/list (${TAG_COUNT + 1} tags), 32 conns`, 'req/s', true, { kind: 'ratio', min: 1.0 });
  results.define('catalog', `_catalog?n=100 (${REPO_COUNT + 1} repos), 32 conns`, 'req/s', true, { kind: 'ratio', min: 3 });
  results.define('rss200', 'peak RSS, 8×GET of 200 MB blob', 'MiB', false, { kind: 'max', value: 150 });
  results.define('rss50', 'peak RSS, 8×GET of 50 MB blob', 'MiB', false);
  results.define('rssGrowth', 'RSS growth 50 → 200 MB blob (flat)', 'MiB', false, { kind: 'max', value: 25 });
  results.define('rssIdle', 'RSS after push+pull, before GETs', 'MiB', false);
  results.define('hwm', 'VmHWM, whole transfer round', 'MiB', false);
  results.define('hwmLoad', 'VmHWM, seeding + load phase', 'MiB', false);
}

async function main(): Promise<void> {
  const rounds = Math.round(envNumber('BENCH_ROUNDS', 3));
  const durationSeconds = envNumber('BENCH_DURATION', 5);
  const profileDir = process.env.BENCH_PROFILE === '1' ? join(HERE, 'results', 'profiles') : null;
  const phases = new Set((process.env.BENCH_PHASES || 'transfer,load').split(','));
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  if (!existsSync(OUR_MAIN)) throw new Error(`${OUR_MAIN} is missing: build first (pnpm exec tsc -b tsconfig.build.json)`);
  const log = (msg: string) => console.log(msg);
  const started = Date.now();
  const results = new Results();
  defineFigures(results);

  const auth = await createBenchAuth();
  const work = makeTempDir('bench-img');
  try {
    if (phases.has('transfer')) {
      log('building images (200 MiB and 50 MiB of random bytes, one layer each)…');
      const big = await writeLayoutImage(work, 'big', 200 * MiB);
      const mid = await writeLayoutImage(work, 'mid', 50 * MiB);
      log(`transfer phase: ${rounds} rounds, fresh storage per push; layer ${(big.layer.size / 1e6).toFixed(1)} MB`);
      for (let round = 0; round < rounds; round++) {
        for (const side of sideOrder(round)) await transferRound(side, round, { auth, big, mid, results, log, nodeArgs });
        await floorRound(round, { auth, big, results, log });
      }
      results.notes.push(...ceilingNotes(results));
    }
    if (phases.has('load')) {
      log(`load phase: ${rounds} rounds × ${durationSeconds} s per figure and registry`);
      await loadPhase({ auth, image: tinyImage(), results, log, rounds, durationSeconds, nodeArgs });
    }
  } finally {
    removeDir(work);
    await auth.close();
  }

  const rows = results.summarize();
  log('');
  log(`medians of ${rounds} rounds; ours = @harbor/registry, theirs = distribution 2.8.2 (docker-registry)`);
  printTable(rows);
  for (const note of results.notes) log(`note: ${note}`);
  const misses = rows.filter((r) => r.pass === false).map((r) => r.key);
  log(`\n${rows.filter((r) => r.pass).length} targets met, ${misses.length} missed${misses.length ? ` (${misses.join(', ')})` : ''}`);
  writeJson(RESULTS_FILE, rows, { rounds, durationSeconds, phases: [...phases], profiled: profileDir !== null, elapsedSeconds: (Date.now() - started) / 1000 }, results.notes);
  log(`results written to ${RESULTS_FILE} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exitCode = 1;
});
