// Whole-stack benchmark: the suite as `npm start` runs it (proxy + core + registry, own database and Redis
// prefix) against CNCF distribution 2.8.2 direct (token auth), in one run. Ours is driven through the
// proxy with core's tokens as a developer of a private project. Figures: skopeo push/pull of a 200 MB
// image, a blob GET, manifest GETs at 32 connections, token issuance, the list APIs on 10,000
// repositories / 100,000 artifacts, a burst of concurrent pushes with the database connections it takes,
// and the peak memory of each process. Prints a table (medians, ratio, targets) and writes
// bench/results/suite-latest.json. Run with `npm run bench:suite` (builds first). Not part of `npm test`.
//
// Environment: BENCH_ROUNDS (default 3), BENCH_DURATION seconds per load run (default 5), BENCH_PHASES
// (default `transfer,manifest,token,burst,api`), BENCH_PUSHES (default 200), BENCH_API_CONNECTIONS
// (default 4), BENCH_TOKEN_CONNECTIONS (default 8).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiLoad, defineApiFigures } from './lib/api-load.js';
import { seedApiData } from './lib/api-seed.js';
import { createBenchAuth, type BenchAuth } from './lib/auth.js';
import { pushBurst, settleTokens, verifyBurst, type BurstOptions } from './lib/concurrent-push.js';
import { configuredPoolSizes, samplePgActivity } from './lib/pg-activity.js';
import { startTheirs, type Target } from './lib/registries.js';
import { printTable, Results, writeJson } from './lib/report.js';
import { statusMiB } from './lib/rss.js';
import { coreToken, DEVELOPER, login, PROJECT, repoScope, SERVICE, startSuiteStack, type SuiteStack } from './lib/suite-stack.js';
import { defineTransferFigures, manifestLoad, transferRounds, type SuiteSides } from './lib/suite-transfer.js';
import { defineTokenFigures, tokenLoad } from './lib/token-load.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const RESULTS_FILE = join(HERE, 'results', 'suite-latest.json');
const ALL_PHASES = 'transfer,manifest,token,burst,api';
const log = (msg: string) => console.log(msg);

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${raw}`);
  return n;
}

const settings = {
  rounds: Math.round(envNumber('BENCH_ROUNDS', 3)),
  durationSeconds: envNumber('BENCH_DURATION', 5),
  pushes: Math.round(envNumber('BENCH_PUSHES', 200)),
  apiConnections: Math.round(envNumber('BENCH_API_CONNECTIONS', 4)),
  tokenConnections: Math.round(envNumber('BENCH_TOKEN_CONNECTIONS', 8)),
  phases: new Set((process.env.BENCH_PHASES || ALL_PHASES).split(',')),
};

function defineFigures(results: Results): void {
  defineTransferFigures(results);
  defineTokenFigures(results);
  results.define('burstSeconds', `${settings.pushes} concurrent pushes, wall time`, 's', false);
  results.define('burstFailed', `${settings.pushes} concurrent pushes, failed`, 'pushes', false, { kind: 'max', value: 0 });
  results.define('burstPushP99', 'concurrent pushes, one push p99', 'ms', false);
  results.define('burstTokenP99', 'concurrent pushes, token fetch p99', 'ms', false);
  results.define('pgPeak', 'concurrent pushes, peak PostgreSQL connections', 'conns', false);
  results.define('pgPeakActive', 'concurrent pushes, peak active connections', 'conns', false);
  defineApiFigures(results, settings.apiConnections);
  results.define('rssCore', 'peak RSS (VmHWM), core', 'MiB', false);
  results.define('rssRegistry', 'peak RSS (VmHWM), registry (theirs: distribution)', 'MiB', false);
  results.define('rssProxy', 'peak RSS (VmHWM), proxy', 'MiB', false);
}

function logMemory(stack: SuiteStack, theirs: Target, after: string): void {
  const mib = (pid: number) => statusMiB(pid, 'VmHWM').toFixed(0);
  log(`  peak RSS after ${after}: core ${mib(stack.pids.core)} MiB, registry ${mib(stack.pids.registry)} MiB, ` +
    `proxy ${mib(stack.pids.proxy)} MiB; distribution ${mib(theirs.pid)} MiB`);
}

async function burstPhase(stack: SuiteStack, theirs: Target, auth: BenchAuth, results: Results): Promise<void> {
  const pools = configuredPoolSizes();
  const base = { count: settings.pushes, repositories: 20, project: PROJECT };
  const ours: BurstOptions = { ...base, target: stack.target, realm: `${stack.suite.url}/service/token`, service: SERVICE, creds: DEVELOPER };
  const [user, password] = auth.creds.split(':');
  const dist: BurstOptions = { ...base, target: theirs, realm: auth.realm, service: auth.service, creds: { username: user, password } };
  for (const [side, o] of [['ours', ours], ['theirs', dist]] as const) {
    const sampler = side === 'ours' ? await samplePgActivity(stack.suite.databaseUrl) : null;
    const s = await pushBurst(o);
    const pg = await sampler?.stop();
    const pullToken = (repo: string) => (side === 'ours' ? coreToken(stack.suite.url, DEVELOPER, [repoScope(repo, 'pull')]) : Promise.resolve(auth.pullToken(repo)));
    // before anything else asks core for a token
    if (side === 'ours') {
      const waited = await settleTokens(o.realm, o.service, o.creds, `${PROJECT}/burst-0`);
      if (waited > 2) log(`  waited ${waited.toFixed(0)} s for core to work off the token backlog`);
    }
    const listed = await verifyBurst(o, pullToken);
    results.add('burstSeconds', side, s.wallSeconds);
    // a push that reported success but whose tag is not listed counts as failed too
    results.add('burstFailed', side, s.failed + Math.max(0, s.ok - listed));
    results.add('burstPushP99', side, s.pushP99Ms);
    results.add('burstTokenP99', side, s.tokenP99Ms);
    log(`  ${side.padEnd(6)} ${s.ok}/${settings.pushes} pushed in ${s.wallSeconds.toFixed(2)} s (tags listed afterwards: ${listed}); ` +
      `push p50 ${s.pushP50Ms.toFixed(0)} ms p99 ${s.pushP99Ms.toFixed(0)} ms; token p50 ${s.tokenP50Ms.toFixed(0)} ms p99 ${s.tokenP99Ms.toFixed(0)} ms`);
    if (s.errors.length) results.notes.push(`burst ${side} failures: ${s.errors.join(' | ')}`);
    if (pg) {
      results.add('pgPeak', 'ours', pg.total);
      results.add('pgPeakActive', 'ours', pg.active);
      const apps = Object.entries(pg.byApplication).map(([k, v]) => `${k} ${v}`).join(', ');
      const note = `pg_stat_activity during the burst (${pg.samples} samples): peak ${pg.total} connections (${pg.active} active); ` +
        `per application: ${apps}; configured pools: core ${pools.core ?? '?'}, registry ${pools.registry ?? '?'}`;
      results.notes.push(note);
      log(`  ${note}`);
    }
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const results = new Results();
  defineFigures(results);
  const { phases } = settings;
  log(`suite benchmark: phases ${[...phases].join(',')}; ${settings.rounds} rounds, ${settings.durationSeconds} s per load run`);
  const auth = await createBenchAuth();
  let stack: SuiteStack | undefined;
  let theirs: Target | undefined;
  try {
    log('starting the suite (npm start path: setup, build, migrations, core, registry, proxy) and distribution 2.8.2…');
    stack = await startSuiteStack(log);
    theirs = await startTheirs(auth);
    const sides: SuiteSides = { ours: stack.target, registry: stack.registry, theirs, auth };
    if (phases.has('transfer')) {
      log(`transfer: ${settings.rounds} rounds, a fresh 200 MiB image each`);
      await transferRounds(sides, results, settings.rounds, log);
      logMemory(stack, theirs, 'transfer');
    }
    if (phases.has('manifest')) {
      log(`manifest GET by tag at 32 connections: ${settings.rounds} rounds × ${settings.durationSeconds} s`);
      await manifestLoad(sides, results, settings.rounds, settings.durationSeconds, log);
      logMemory(stack, theirs, 'manifest GETs');
    }
    if (phases.has('token')) {
      log(`token issuance at ${settings.tokenConnections} connections: ${settings.rounds} rounds × ${Math.max(settings.durationSeconds, 10)} s`);
      await tokenLoad({ base: stack.suite.url, admin: stack.admin, results, rounds: settings.rounds, durationSeconds: settings.durationSeconds, connections: settings.tokenConnections, log });
      logMemory(stack, theirs, 'token issuance');
    }
    if (phases.has('burst')) {
      log(`${settings.pushes} concurrent pushes (distinct tiny images, 20 repositories), ours then theirs`);
      await burstPhase(stack, theirs, auth, results);
      logMemory(stack, theirs, 'concurrent pushes');
    }
    if (phases.has('api')) {
      log('list APIs: seeding 10,000 repositories and 100,000 artifacts…');
      const counts = await seedApiData(stack.suite.url, stack.admin, stack.suite.databaseUrl, log);
      log(`  seeded ${counts.repositories} repositories, ${counts.artifacts} artifacts, ${counts.tags} tags, ${counts.labelled} label references in ${counts.seconds.toFixed(1)} s`);
      const session = await login(stack.suite.url, DEVELOPER);
      await apiLoad({ base: stack.suite.url, session, results, rounds: settings.rounds, durationSeconds: settings.durationSeconds, connections: settings.apiConnections, log });
      logMemory(stack, theirs, 'list APIs');
    }
    results.add('rssCore', 'ours', statusMiB(stack.pids.core, 'VmHWM'));
    results.add('rssRegistry', 'ours', statusMiB(stack.pids.registry, 'VmHWM'));
    results.add('rssRegistry', 'theirs', statusMiB(theirs.pid, 'VmHWM'));
    results.add('rssProxy', 'ours', statusMiB(stack.pids.proxy, 'VmHWM'));
  } finally {
    await theirs?.stop().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
    await auth.close();
  }

  const rows = results.summarize();
  log('');
  log(`medians of ${settings.rounds} rounds; ours = the suite through its proxy (token auth, RBAC), theirs = distribution 2.8.2 direct`);
  printTable(rows);
  for (const note of results.notes) log(`note: ${note}`);
  const misses = rows.filter((r) => r.pass === false).map((r) => r.key);
  log(`\n${rows.filter((r) => r.pass).length} targets met, ${misses.length} missed${misses.length ? ` (${misses.join(', ')})` : ''}`);
  const { phases: p, ...rest } = settings;
  writeJson(RESULTS_FILE, rows, { ...rest, phases: [...p], elapsedSeconds: (Date.now() - started) / 1000 }, results.notes);
  log(`results written to ${RESULTS_FILE} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exitCode = 1;
});
