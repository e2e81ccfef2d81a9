import pg from 'pg';
import { seedApiData, API_PROJECT, MANY_REPO } from './lib/api-seed.js';
import { startSuiteStack, login, DEVELOPER, authHeaders } from './lib/suite-stack.js';
const stack = await startSuiteStack(console.log);
try {
  await seedApiData(stack.suite.url, stack.admin, stack.suite.databaseUrl, console.log);
  const session = await login(stack.suite.url, DEVELOPER);
  const db = new pg.Client({ connectionString: stack.suite.databaseUrl });
  await db.connect();
  const dbName = new URL(stack.suite.databaseUrl).pathname.slice(1);
  const xacts = async () => Number((await db.query('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [dbName])).rows[0].n);
  const repos = `/api/v2.0/projects/${API_PROJECT}/repositories`;
  const cases = {
    projects: '/api/v2.0/projects?page=1&page_size=15',
    repos1: `${repos}?page=1&page_size=15`,
    reposQDeep: `${repos}?q=${encodeURIComponent('name=~r0')}&page=500&page_size=15`,
    artifacts1: `${repos}/${MANY_REPO}/artifacts?page=1&page_size=15&with_tag=true&with_label=true`,
    artifactsDeep: `${repos}/${MANY_REPO}/artifacts?page=1000&page_size=15&with_tag=true&with_label=true`,
  };
  await db.query("ALTER SYSTEM SET log_min_duration_statement = 0"); await db.query('SELECT pg_reload_conf()');
  for (const [k, path] of Object.entries(cases)) {
    for (let i = 0; i < 5; i++) await (await fetch(stack.suite.url + path, { headers: authHeaders(session) })).arrayBuffer();
    await new Promise((r) => setTimeout(r, 500));
    const before = await xacts();
    await db.query(`SELECT 'MARK-START ${k}'`);
    const t0 = performance.now();
    const N = 10;
    for (let i = 0; i < N; i++) { const r = await fetch(stack.suite.url + path, { headers: authHeaders(session) }); await r.arrayBuffer(); if (r.status !== 200) throw new Error(k + r.status); }
    const ms = (performance.now() - t0) / N;
    const after = await xacts();
    await db.query(`SELECT 'MARK-END ${k}'`);
    console.log(`${k}: ${((after - before - 1) / N).toFixed(1)} transactions/request, ${ms.toFixed(1)} ms sequential`);
  }
  await db.query('ALTER SYSTEM RESET log_min_duration_statement'); await db.query('SELECT pg_reload_conf()');
  await db.end();
} finally { await stack.stop(); }
