// Token issuance: GET /service/token with Basic credentials for a `repository:<p>/<r>:pull,push` scope,
// through the proxy, at a fixed number of connections; what every docker/skopeo push or pull costs the
// suite before any byte moves. Measured for the developer (a person: password check) and for a project
// robot account (a generated secret: cheaper check), so the share of the credential check shows.
// Only correct credentials are sent: failed logins are slowed down on purpose.
import { setTimeout as sleep } from 'node:timers/promises';
import { measureLoad, type LoadResult } from './load.js';
import type { Log } from './phases.js';
import type { Results } from './report.js';
import { api, basicHeader, DEVELOPER, PROJECT, SERVICE, type ApiAuth, type Creds } from './suite-stack.js';

const MIN_SECONDS = 10;

export function defineTokenFigures(results: Results): void {
  results.define('tokenRps', 'token issuance, user (Basic), rate', 'req/s', true);
  results.define('tokenP50', 'token issuance, user, p50', 'ms', false);
  results.define('tokenP99', 'token issuance, user, p99', 'ms', false);
  results.define('robotTokenRps', 'token issuance, robot (Basic), rate', 'req/s', true);
  results.define('robotTokenP99', 'token issuance, robot, p99', 'ms', false);
}

/** A project robot with pull and push on the benchmark's project. */
async function createRobot(base: string, admin: ApiAuth): Promise<Creds> {
  const res = await api(base, admin, 'POST', '/api/v2.0/robots', {
    name: 'bench-token', level: 'project', duration: -1, description: 'benchmark',
    permissions: [{ kind: 'project', namespace: PROJECT, access: [{ resource: 'repository', action: 'pull' }, { resource: 'repository', action: 'push' }] }],
  }, [201]);
  const body = res.body as { name: string; secret: string };
  return { username: body.name, password: body.secret };
}

export interface TokenLoadOptions {
  base: string;
  admin: ApiAuth;
  results: Results;
  rounds: number;
  durationSeconds: number;
  connections: number;
  log: Log;
}

export async function tokenLoad(o: TokenLoadOptions): Promise<void> {
  const q = new URLSearchParams({ service: SERVICE, scope: `repository:${PROJECT}/small:pull,push` });
  const url = `${o.base}/service/token?${q}`;
  let robot: Creds | null = null;
  try {
    robot = await createRobot(o.base, o.admin);
  } catch (e) {
    o.results.notes.push(`robot token figures not measured: ${(e as Error).message}`);
  }
  // A user's token can take seconds under load (the password hash): runs shorter than MIN_SECONDS would
  // count hardly any answers. After each run the server still finishes what was in flight, so pause
  // before the next one starts.
  const seconds = Math.max(o.durationSeconds, MIN_SECONDS);
  const run = async (c: Creds): Promise<LoadResult> => {
    const r = await measureLoad(url, { headers: { authorization: basicHeader(c) }, connections: o.connections, durationSeconds: seconds });
    await sleep(Math.min(10_000, r.latencyP99Ms || 1_000));
    return r;
  };
  // warm-up one at a time (JIT, pools), so no queue is left behind
  for (const c of robot ? [DEVELOPER, robot] : [DEVELOPER]) {
    for (let i = 0; i < 3; i++) await (await fetch(url, { headers: { authorization: basicHeader(c) } })).arrayBuffer();
  }
  for (let round = 0; round < o.rounds; round++) {
    const user = await run(DEVELOPER);
    o.results.add('tokenRps', 'ours', user.rps);
    o.results.add('tokenP50', 'ours', user.latencyP50Ms);
    o.results.add('tokenP99', 'ours', user.latencyP99Ms);
    report(o, 'user ', round, user);
    if (robot) {
      const r = await run(robot);
      o.results.add('robotTokenRps', 'ours', r.rps);
      o.results.add('robotTokenP99', 'ours', r.latencyP99Ms);
      report(o, 'robot', round, r);
    }
  }
}

function report(o: TokenLoadOptions, who: string, round: number, r: LoadResult): void {
  const bad = r.non2xx + r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : '';
  if (bad) o.results.notes.push(`token ${who.trim()} round ${round + 1}:${bad}`);
  o.log(`  round ${round + 1} token ${who} ${r.rps.toFixed(1).padStart(7)} req/s at ${o.connections} conns, p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms${bad}`);
}
