// Latency of the list APIs the console and scripts call most, on the seeded big registry (api-seed.ts):
// project list, repositories of a project with 8,000 of them (first and a deep page, with and without a
// fuzzy `q=name=~…`), artifacts of a repository with 20,008 of them (tags and labels included). Each
// case runs at a fixed number of connections as the developer signed in to the console (session cookie,
// as the portal calls), plus one with Basic credentials, as scripts call. An endpoint that does not
// answer 200 yet is reported and skipped.
import { measureLoad, type LoadResult } from './load.js';
import type { Log } from './phases.js';
import type { Results } from './report.js';
import { API_PROJECT, MANY_REPO } from './api-seed.js';
import { authHeaders, basicHeader, DEVELOPER, type ApiAuth } from './suite-stack.js';

const P99_TARGET_MS = 50;
const PAGE = 'page_size=15'; // the portal's page size
const Q = `q=${encodeURIComponent('name=~r0')}`; // matches 7,999 of the 8,000 repositories
const repos = `/api/v2.0/projects/${API_PROJECT}/repositories`;
const artifacts = `${repos}/${MANY_REPO}/artifacts`;
const WITH = 'with_tag=true&with_label=true';

interface ApiCase {
  key: string;
  label: string;
  path: string;
  basic?: boolean;
  /** X-Total-Count the seed implies (printed as a check, not enforced). */
  total?: number;
}

const CASES: ApiCase[] = [
  { key: 'projects', label: 'GET /projects, page 1 (103 visible)', path: `/api/v2.0/projects?page=1&${PAGE}` },
  { key: 'repos1', label: 'GET repositories, page 1 of 8,000', path: `${repos}?page=1&${PAGE}`, total: 8000 },
  { key: 'reposDeep', label: 'GET repositories, page 500', path: `${repos}?page=500&${PAGE}`, total: 8000 },
  { key: 'reposQ1', label: 'GET repositories q=name=~r0, page 1', path: `${repos}?${Q}&page=1&${PAGE}`, total: 7999 },
  { key: 'reposQDeep', label: 'GET repositories q=name=~r0, page 500', path: `${repos}?${Q}&page=500&${PAGE}`, total: 7999 },
  { key: 'artifacts1', label: 'GET artifacts (20k) +tags +labels, page 1', path: `${artifacts}?page=1&${PAGE}&${WITH}`, total: 19508 },
  { key: 'artifactsDeep', label: 'GET artifacts +tags +labels, page 1000', path: `${artifacts}?page=1000&${PAGE}&${WITH}`, total: 19508 },
  { key: 'repos1Basic', label: 'GET repositories, page 1, Basic auth', path: `${repos}?page=1&${PAGE}`, basic: true },
];

export function defineApiFigures(results: Results, connections: number): void {
  for (const c of CASES) {
    results.define(`${c.key}P99`, `${c.label}, p99 @${connections}`, 'ms', false, { kind: 'max', value: P99_TARGET_MS, strict: true }); // the "p99 < 50 ms"
    results.define(`${c.key}P50`, `${c.label}, p50 @${connections}`, 'ms', false);
  }
}

export interface ApiLoadOptions {
  base: string;
  /** The developer's console session. */
  session: ApiAuth;
  results: Results;
  rounds: number;
  durationSeconds: number;
  connections: number;
  log: Log;
}

const headersFor = (o: ApiLoadOptions, c: ApiCase) =>
  c.basic ? { authorization: basicHeader(DEVELOPER) } : authHeaders(o.session);

/** One request per case: which endpoints answer 200, and with what total. */
async function probe(o: ApiLoadOptions): Promise<ApiCase[]> {
  const ready: ApiCase[] = [];
  for (const c of CASES) {
    const res = await fetch(o.base + c.path, { headers: headersFor(o, c) });
    const text = await res.text();
    const total = res.headers.get('x-total-count');
    if (res.status !== 200) {
      o.results.notes.push(`${c.key} not measured: ${c.path} answered HTTP ${res.status} ${text.slice(0, 120)}`);
      o.log(`  ${c.key}: HTTP ${res.status}, skipped`);
      continue;
    }
    const items = (JSON.parse(text) as unknown[]).length;
    const check = c.total !== undefined && Number(total) !== c.total ? ` (expected ${c.total})` : '';
    o.log(`  ${c.key}: ${items} items, X-Total-Count ${total}${check}, ${text.length} bytes`);
    if (check) o.results.notes.push(`${c.key}: X-Total-Count ${total}${check}`);
    ready.push(c);
  }
  return ready;
}

export async function apiLoad(o: ApiLoadOptions): Promise<void> {
  const cases = await probe(o);
  const run = (c: ApiCase, seconds: number): Promise<LoadResult> =>
    measureLoad(o.base + c.path, { headers: headersFor(o, c), connections: o.connections, durationSeconds: seconds });
  for (const c of cases) await run(c, 1); // warm-up: JIT, plan caches, pools
  for (let round = 0; round < o.rounds; round++) {
    for (const c of cases) {
      const r = await run(c, o.durationSeconds);
      o.results.add(`${c.key}P99`, 'ours', r.latencyP99Ms);
      o.results.add(`${c.key}P50`, 'ours', r.latencyP50Ms);
      const bad = r.non2xx + r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : '';
      if (bad) o.results.notes.push(`${c.key} round ${round + 1}:${bad}`);
      o.log(`  round ${round + 1} ${c.key.padEnd(13)} ${r.rps.toFixed(0).padStart(5)} req/s, p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms${bad}`);
    }
  }
}
