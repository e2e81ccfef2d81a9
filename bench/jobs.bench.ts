// The jobservice at scale, in-process against real PostgreSQL and Redis: the job runtime (BullMQ workers,
// tasks moved through their statuses in the database) with the real handlers.
//
//  gc       100,000 unreferenced and 10,000 referenced blobs seeded straight into a throwaway database and
//           a filesystem store, then one GARBAGE_COLLECTION job with workers=5. Target (issue): minutes,
//           not hours: at most 300 s. Checked: exactly the unreferenced blobs are gone (rows and files),
//           every referenced one is still there.
//  webhook  10,000 WEBHOOK jobs queued as core queues them (execution + task + job), then drained by a
//           runtime posting to a local receiver. Checked: the receiver got each delivery exactly once and
//           every task ended Success.
//
// No reference product runs in this benchmark, so the table's "theirs" column stays empty.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebhookParams } from '@harbor/contracts';
import { gcHandler, webhookHandler } from '@harbor/jobservice';
import { createDriver } from '@harbor/storage';
import { cpuWindow, pct } from './lib/cpu.js';
import { artifactsOf, inspectGc, seedGc, type GcSizes } from './lib/gc-seed.js';
import { startJobWorld } from './lib/job-world.js';
import { printTable, Results, writeJson } from './lib/report.js';
import { forEachLimit } from './lib/seed.js';
import { startWebhookReceiver } from './lib/webhook-receiver.js';

const GC_SIZES: GcSizes = {
  unreferenced: Number(process.env.BENCH_GC_UNREFERENCED ?? 100_000),
  referenced: Number(process.env.BENCH_GC_REFERENCED ?? 10_000),
};
const GC_WORKERS = 5;
const GC_TARGET_S = 300;
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 10_000);
/** Deliveries queued at once, as several events arriving together at core's notifier. */
const ENQUEUE_CONCURRENCY = 8;
const PHASES = (process.env.BENCH_PHASES ?? 'gc,webhook').split(',').map((s) => s.trim());
const RESULTS = fileURLToPath(new URL('./results/jobs-latest.json', import.meta.url));

const log = (line: string) => console.log(line);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function gcPhase(results: Results): Promise<void> {
  const { unreferenced, referenced } = GC_SIZES;
  log(`\ngc: seeding ${unreferenced} unreferenced and ${referenced} referenced blobs (load average ${load()})`);
  const world = await startJobWorld();
  const root = await mkdtemp(join(tmpdir(), 'harbor-bench-gc-'));
  try {
    await seedGc(world.db, root, GC_SIZES, log);
    const storage = createDriver('filesystem', { rootdirectory: root });
    await world.runtime('GARBAGE_COLLECTION', gcHandler(world.db, storage));
    log(`  running GARBAGE_COLLECTION with workers=${GC_WORKERS} (load average ${load()})`);
    const cpu = cpuWindow();
    const t0 = performance.now();
    const taskId = await world.enqueue('GARBAGE_COLLECTION', { workers: GC_WORKERS });
    const task = await world.waitFinal(taskId, 3 * 3_600_000);
    const seconds = (performance.now() - t0) / 1000;
    const busy = cpu();
    const attrs = (task.extra_attrs ?? {}) as { blobs?: number; failed?: number };
    log(`  task ${task.status}${task.status_message ? ` (${task.status_message})` : ''} in ${seconds.toFixed(1)} s; machine CPU ${pct(busy.machine)} busy, this process ${pct(busy.self)}; load average ${load()}`);
    const jobLog = (await world.db.query<{ content: string }>('SELECT content FROM job_log')).rows[0]?.content ?? '';
    for (const line of jobLog.trimEnd().split('\n')) log(`    | ${line}`);

    const out = await inspectGc(world.db, root, GC_SIZES);
    const gone = out.unreferencedRows + out.unreferencedFiles;
    const lost = (referenced - out.referencedRows) + (referenced - out.referencedFiles) + (artifactsOf(referenced) - out.artifacts);
    log(`  unreferenced left: ${out.unreferencedRows} rows, ${out.unreferencedFiles} files → ${gone === 0 ? 'PASS' : 'MISS'}`);
    log(`  referenced kept: ${out.referencedRows}/${referenced} rows, ${out.referencedFiles}/${referenced} files, ${out.artifacts}/${artifactsOf(referenced)} artifacts → ${lost === 0 ? 'PASS' : 'MISS'}`);
    results.add('gcSeconds', 'ours', seconds);
    results.add('gcRate', 'ours', (unreferenced - out.unreferencedRows) / seconds);
    results.add('gcLeft', 'ours', gone);
    results.add('gcLost', 'ours', lost);
    if (task.status !== 'Success') results.notes.push(`gc: the task ended ${task.status}: ${task.status_message}`);
    if (attrs.blobs !== unreferenced) results.notes.push(`gc: the task reports ${attrs.blobs} blobs deleted, ${unreferenced} expected`);
    if (out.otherRows !== 0) results.notes.push(`gc: ${out.otherRows} blob rows of neither set`);
    results.notes.push(`gc: machine CPU ${pct(busy.machine)} busy during the run (this process ${pct(busy.self)}), load average after ${load()}`);
  } finally {
    await world.close();
    await rm(root, { recursive: true, force: true });
  }
}

function delivery(address: string, seq: number): WebhookParams {
  const tag = `v${seq}`;
  const payload = {
    type: 'PUSH_ARTIFACT',
    occur_at: Math.floor(Date.now() / 1000),
    operator: 'bench',
    event_data: {
      seq,
      resources: [{ digest: `sha256:${seq.toString(16).padStart(64, '0')}`, tag, resource_url: `harbor.example.com/bench/app:${tag}` }],
      repository: { date_created: 1_767_225_600, name: 'app', namespace: 'bench', repo_full_name: 'bench/app', repo_type: 'private' },
    },
  };
  return {
    policy_id: 1,
    event_type: 'PUSH_ARTIFACT',
    target: { type: 'http', address, skip_cert_verify: false, payload_format: 'Default' },
    body: JSON.stringify(payload),
    headers: {},
  };
}

async function webhookPhase(results: Results): Promise<void> {
  log(`\nwebhook: ${WEBHOOKS} deliveries (load average ${load()})`);
  const world = await startJobWorld();
  const receiver = await startWebhookReceiver();
  try {
    const t0 = performance.now();
    await forEachLimit(WEBHOOKS, ENQUEUE_CONCURRENCY, async (i) => {
      await world.enqueue('WEBHOOK', delivery(receiver.url, i) as unknown as Record<string, unknown>, { type: 'WEBHOOK', id: 1, trigger: 'EVENT' });
    });
    const enqueueS = (performance.now() - t0) / 1000;
    log(`  queued in ${enqueueS.toFixed(1)} s (${(WEBHOOKS / enqueueS).toFixed(0)} jobs/s, ${ENQUEUE_CONCURRENCY} at a time)`);

    const statements0 = world.storeStatements;
    const cpu = cpuWindow();
    const t1 = performance.now();
    await world.runtime('WEBHOOK', webhookHandler());
    let done = { ok: 0, failed: 0 };
    const deadline = Date.now() + 30 * 60_000;
    while (done.ok + done.failed < WEBHOOKS && Date.now() < deadline) {
      await sleep(100);
      done = (await world.db.query<{ ok: number; failed: number }>(
        `SELECT count(*) FILTER (WHERE status = 'Success')::int AS ok, count(*) FILTER (WHERE status IN ('Error', 'Stopped'))::int AS failed FROM task`)).rows[0];
    }
    const drainS = (performance.now() - t1) / 1000;
    const busy = cpu();
    const perJob = (world.storeStatements - statements0) / WEBHOOKS;
    await sleep(1_000); // a late duplicate delivery would land now
    log(`  drained in ${drainS.toFixed(1)} s (${(WEBHOOKS / drainS).toFixed(0)} jobs/s); ${perJob.toFixed(1)} task-store statements per job; machine CPU ${pct(busy.machine)} busy, this process ${pct(busy.self)}`);
    const missing = WEBHOOKS - receiver.distinct;
    const extra = receiver.received - receiver.distinct;
    log(`  receiver: ${receiver.received} requests, ${receiver.distinct} distinct deliveries (${missing} missing, ${extra} extra) → ${missing === 0 && extra === 0 ? 'PASS' : 'MISS'}`);
    log(`  tasks: ${done.ok} Success, ${done.failed} failed, ${WEBHOOKS - done.ok - done.failed} unfinished → ${done.ok === WEBHOOKS ? 'PASS' : 'MISS'}`);
    results.add('whEnqueue', 'ours', enqueueS);
    results.add('whEnqueueRate', 'ours', WEBHOOKS / enqueueS);
    results.add('whDrain', 'ours', drainS);
    results.add('whRate', 'ours', WEBHOOKS / drainS);
    results.add('whStatements', 'ours', perJob);
    results.add('whMissing', 'ours', missing + extra + receiver.malformed);
    results.add('whNotSuccess', 'ours', WEBHOOKS - done.ok);
    results.notes.push(`webhook: machine CPU ${pct(busy.machine)} busy during the drain (this process ${pct(busy.self)}), load average after ${load()}`);
  } finally {
    await receiver.close();
    await world.close();
  }
}

async function main(): Promise<void> {
  const { unreferenced, referenced } = GC_SIZES;
  console.log(`jobs benchmark: phases ${PHASES.join(',')}; load average ${load()}`);
  const results = new Results();
  results.define('gcSeconds', `GC: ${unreferenced} unreferenced of ${unreferenced + referenced} blobs, workers=${GC_WORKERS}`, 's', false, { kind: 'max', value: GC_TARGET_S });
  results.define('gcRate', 'GC: blobs deleted per second', 'blobs/s', true);
  results.define('gcLeft', 'GC: unreferenced blobs left (rows + files)', 'count', false, { kind: 'max', value: 0 });
  results.define('gcLost', 'GC: referenced blobs or artifacts lost', 'count', false, { kind: 'max', value: 0 });
  results.define('whEnqueue', `webhook: queue ${WEBHOOKS} deliveries (execution, task, job)`, 's', false);
  results.define('whEnqueueRate', 'webhook: queued per second', 'jobs/s', true);
  results.define('whDrain', `webhook: drain ${WEBHOOKS} deliveries`, 's', false);
  results.define('whRate', 'webhook: delivered per second', 'jobs/s', true);
  results.define('whStatements', 'webhook: task-store statements per job', 'count', false);
  results.define('whMissing', 'webhook: deliveries missing, doubled or malformed', 'count', false, { kind: 'max', value: 0 });
  results.define('whNotSuccess', 'webhook: tasks not Success', 'count', false, { kind: 'max', value: 0 });
  if (PHASES.includes('gc')) await gcPhase(results);
  if (PHASES.includes('webhook')) await webhookPhase(results);

  console.log('');
  const rows = results.summarize();
  printTable(rows);
  for (const n of results.notes) console.log(`note: ${n}`);
  const met = rows.filter((r) => r.pass === true).length;
  const missed = rows.filter((r) => r.pass === false).map((r) => r.key);
  console.log(`\n${met} targets met, ${missed.length} missed${missed.length ? ` (${missed.join(', ')})` : ''}`);
  writeJson(RESULTS, rows, { benchmark: 'jobs', phases: PHASES, gc: { ...GC_SIZES, workers: GC_WORKERS }, webhooks: WEBHOOKS }, results.notes);
  console.log(`results written to ${join('bench', 'results', 'jobs-latest.json')}`);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
