// `npm start`: sets the checkout up (see setup.mjs) and starts the suite: core (which creates the admin
// and the token signing certificate on its first start), the registry in token mode trusting that
// certificate, the job service, the web console's server, and the proxy in front of them. Each service
// applies pending migrations itself. PostgreSQL and Redis are the ones at the configured URLs, or private
// ones under the data folder (private-services.mjs). It prints the URL and the admin's credentials once
// every component answers healthy, and stops everything it started on Ctrl-C, SIGTERM or a hang-up.
//
// Suite-wide variables, each applied only where the service's own variable is not set:
//   HARBOR_PORT           the proxy's port (the URL); core, console, jobservice and registry take the next four
//   DATABASE_URL          every service's database (CORE_/REGISTRY_/JOBSERVICE_DATABASE_URL)
//   REDIS_URL             core's Redis, which the registry and the jobservice follow (CORE_REDIS_URL)
//   HARBOR_DATA_DIR       the data folder (default .data): core's key and certificate, the registry's
//                         content, the proxy's generated TLS, private PostgreSQL and Redis
//   HARBOR_ADMIN_PASSWORD the admin's password on first start (default Harbor12345)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { setup } from './setup.mjs';
import { ensurePostgres, ensureRedis } from './private-services.mjs';
import { withRuntimeEnv } from './runtime-env.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
// The test command sets the checkout up once before any test; suites it starts in parallel must not
// reinstall, regenerate or rebuild under each other's feet.
if (process.env.HARBOR_SETUP_DONE !== '1') setup();

const base = withRuntimeEnv({ ...process.env, ...harborEnv(process.env) });
const env = { ...base, ...registryRedisEnv(base), ...coreRegistryEnv(base), ...jobserviceEnv(base), ...proxyUpstreamEnv(base) };
const configs = {
  core: env.CORE_CONFIG ?? 'services/core/config.local.yml',
  jobservice: env.JOBSERVICE_CONFIG ?? 'services/jobservice/config.local.yml',
  registry: env.REGISTRY_CONFIG ?? 'services/registry/config.local.yml',
  portal: env.PORTAL_CONFIG ?? 'services/portal/config.local.yml',
  proxy: env.PROXY_CONFIG ?? 'services/proxy/config.local.yml',
};
const services = [
  { name: 'core', args: ['services/core/dist/main.js', configs.core] },
  { name: 'jobservice', args: ['services/jobservice/dist/main.js', configs.jobservice] },
  {
    name: 'registry',
    args: ['services/registry/dist/main.js', 'serve', configs.registry],
    // The registry trusts core's certificate: wait until core has written it (first start) or it exists.
    waitFor: resolve(root, env.REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE ?? configValue(configs.registry, 'auth', 'rootcertbundle') ?? '.data/core/token/root.crt'),
  },
  { name: 'portal', args: ['services/portal/dist/server/main.js', configs.portal] },
  { name: 'proxy', args: ['services/proxy/dist/main.js', configs.proxy] },
];

const children = [];
const stoppers = [];
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  const live = children.filter((c) => c.exitCode === null && c.signalCode === null);
  const exits = live.map((c) => new Promise((res) => c.once('exit', res)));
  for (const c of live) c.kill('SIGTERM');
  const killer = setTimeout(() => { for (const c of live) c.kill('SIGKILL'); }, 15_000);
  await Promise.all(exits);
  clearTimeout(killer);
  // PostgreSQL and Redis go last: the services close their connections first.
  for (const stop of stoppers.reverse()) await stop().catch((e) => console.error(e.message));
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));

const dataRoot = resolve(env.HARBOR_DATA_DIR ?? join(root, '.data'));
try {
  const pg = await ensurePostgres(env.CORE_DATABASE_URL ?? configValue(configs.core, 'database', 'url') ?? 'postgresql://root@127.0.0.1:5432/harbor', dataRoot);
  if (pg) stoppers.push(pg);
  if (!env.CORE_REDIS_SENTINELS) {
    const redis = await ensureRedis(env.CORE_REDIS_URL ?? configValue(configs.core, 'redis', 'url') ?? 'redis://127.0.0.1:6379/0', dataRoot);
    if (redis) stoppers.push(redis);
  }
} catch (e) {
  console.error(e.message);
  await shutdown(1);
}

for (const { name, args, waitFor } of services) {
  if (waitFor) {
    for (let waited = 0; !existsSync(waitFor) && !stopping; waited += 100) {
      if (waited > 60_000) {
        console.error(`${name}: ${waitFor} did not appear`);
        await shutdown(1);
      }
      await sleep(100);
    }
  }
  if (stopping) break;
  // Each service in a session of its own (detached), as each runs in a container of its own when deployed:
  // Linux's scheduler shares CPU between sessions first (autogroups), so in one session the registry and
  // the proxy streaming the same layer would split one share between them, against a client in another.
  // Ctrl-C and hang-ups reach this process only, which stops the services itself (shutdown).
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env, detached: true });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? code}); stopping the suite`);
    shutdown(code || 1);
  });
  children.push(child);
}
if (!stopping) await announceWhenHealthy();

/** Polls every component's health and prints the URL and the admin's credentials once all answer. */
async function announceWhenHealthy() {
  const local = (name) => {
    const addr = env[`${name.toUpperCase()}_HTTP_ADDR`] ?? configValue(configs[name], 'http', 'addr');
    const i = addr.lastIndexOf(':');
    const host = addr.slice(0, i);
    return `http://${['', '0.0.0.0', '::', '[::]'].includes(host) ? '127.0.0.1' : host}:${addr.slice(i + 1)}`;
  };
  const proxy = local('proxy');
  const checks = [
    [`${proxy}/api/v2.0/ping`, 200], [`${proxy}/v2/`, 401], [`${local('portal')}/healthz`, 200], [`${local('jobservice')}/healthz`, 200],
  ];
  const healthy = async ([url, status]) => {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.status === status;
    } catch {
      return false;
    }
  };
  while (!stopping) {
    if ((await Promise.all(checks.map(healthy))).every(Boolean)) {
      const url = env.PROXY_EXTERNALURL ?? env.CORE_EXTERNALURL ?? configValue(configs.proxy, null, 'externalURL') ?? proxy;
      const password = env.CORE_ADMIN_INITIALPASSWORD ?? env.HARBOR_ADMIN_PASSWORD ?? 'Harbor12345';
      console.log(`Harbor is ready at ${url.replace(/\/$/, '')}/ — sign in as admin / ${password}`);
      return;
    }
    await sleep(500);
  }
}

/**
 * A scalar of a service's YAML file: top-level `key`, or `key` at any depth under top-level `section`
 * (enough for these files' http.addr, database.url, auth.token.rootcertbundle, externalURL).
 */
function configValue(file, section, key) {
  let text;
  try { text = readFileSync(resolve(root, file), 'utf8'); } catch { return undefined; }
  const unquote = (v) => v.replace(/\s+#.*$/, '').trim().replace(/^(['"])(.*)\1$/, '$2');
  if (!section) {
    const m = text.match(new RegExp(`^${key}:[ \\t]*(\\S.*)$`, 'm'));
    return m ? unquote(m[1]) : undefined;
  }
  const block = text.match(new RegExp(`^${section}:[ \\t]*\\n((?:[ \\t]+.*\\n|[ \\t]*\\n)*)`, 'm'));
  const m = block?.[1].match(new RegExp(`^[ \\t]+${key}:[ \\t]*(\\S.*)$`, 'm'));
  return m ? unquote(m[1]) : undefined;
}

/** The suite-wide variables (see the top of this file) turned into each service's own. */
function harborEnv(e) {
  const out = {};
  const set = (key, value) => { if (e[key] === undefined && out[key] === undefined) out[key] = value; };
  if (e.DATABASE_URL) for (const s of ['CORE', 'REGISTRY', 'JOBSERVICE']) set(`${s}_DATABASE_URL`, e.DATABASE_URL);
  if (e.REDIS_URL) set('CORE_REDIS_URL', e.REDIS_URL);
  if (e.HARBOR_PORT) {
    const port = Number(e.HARBOR_PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65531) throw new Error(`HARBOR_PORT: ${e.HARBOR_PORT} is not a port number`);
    const external = `http://127.0.0.1:${port}`;
    set('PROXY_HTTP_ADDR', `127.0.0.1:${port}`);
    set('CORE_HTTP_ADDR', `127.0.0.1:${port + 1}`);
    set('PORTAL_HTTP_ADDR', `127.0.0.1:${port + 2}`);
    set('JOBSERVICE_HTTP_ADDR', `127.0.0.1:${port + 3}`);
    set('REGISTRY_HTTP_ADDR', `127.0.0.1:${port + 4}`);
    set('PROXY_EXTERNALURL', external);
    set('CORE_EXTERNALURL', external);
    set('REGISTRY_AUTH_TOKEN_REALM', `${external}/service/token`);
  }
  if (e.HARBOR_DATA_DIR) {
    const dir = resolve(e.HARBOR_DATA_DIR);
    set('CORE_DATADIR', join(dir, 'core'));
    set('REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY', join(dir, 'registry'));
    set('PROXY_DATADIR', join(dir, 'proxy'));
  }
  const coreData = e.CORE_DATADIR ?? out.CORE_DATADIR;
  if (coreData) set('REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE', join(resolve(coreData), 'token', 'root.crt'));
  return out;
}

/**
 * The registry publishes artifact events to the Redis core reads them from: unless REGISTRY_REDIS_* say
 * otherwise, it gets core's Redis (CORE_REDIS_URL) and key prefix (CORE_REDIS_KEYPREFIX). Without those
 * variables both use their config files, whose defaults agree (127.0.0.1:6379, db 0, prefix `harbor:`).
 */
function registryRedisEnv(e) {
  const out = {};
  if (e.CORE_REDIS_URL) {
    const url = new URL(e.CORE_REDIS_URL);
    const set = (key, value) => { if (e[key] === undefined && value !== '') out[key] = value; };
    set('REGISTRY_REDIS_ADDR', `${url.hostname}:${url.port || 6379}`);
    set('REGISTRY_REDIS_PASSWORD', decodeURIComponent(url.password));
    set('REGISTRY_REDIS_DB', url.pathname.slice(1) || '0');
    if (url.protocol === 'rediss:') set('REGISTRY_REDIS_TLS_ENABLED', 'true');
  }
  if (e.CORE_REDIS_KEYPREFIX !== undefined && e.REGISTRY_REDIS_KEYPREFIX === undefined) out.REGISTRY_REDIS_KEYPREFIX = e.CORE_REDIS_KEYPREFIX;
  return out;
}

/** `host:port` as a URL others can reach it at (a wildcard host becomes 127.0.0.1). */
function urlOf(addr) {
  const i = addr.lastIndexOf(':');
  let host = addr.slice(0, i);
  if (host === '' || host === '0.0.0.0' || host === '::' || host === '[::]') host = '127.0.0.1';
  return `http://${host}:${addr.slice(i + 1)}`;
}

/**
 * Core reads additions (build history, chart files) and health from the registry: unless CORE_REGISTRYURL
 * says otherwise, it is the address the registry is told to listen on (REGISTRY_HTTP_ADDR), else the
 * config files' default (127.0.0.1:5000) on both sides.
 */
function coreRegistryEnv(e) {
  if (e.CORE_REGISTRYURL !== undefined || !e.REGISTRY_HTTP_ADDR) return {};
  return { CORE_REGISTRYURL: urlOf(e.REGISTRY_HTTP_ADDR) };
}

/** The proxy forwards to the addresses core, the registry and the console are told to listen on. */
function proxyUpstreamEnv(e) {
  const out = {};
  for (const [svc, upstream] of [['CORE', 'CORE'], ['REGISTRY', 'REGISTRY'], ['PORTAL', 'PORTAL']]) {
    if (e[`PROXY_UPSTREAMS_${upstream}`] === undefined && e[`${svc}_HTTP_ADDR`]) out[`PROXY_UPSTREAMS_${upstream}`] = urlOf(e[`${svc}_HTTP_ADDR`]);
  }
  return out;
}

/**
 * The jobservice works on core's database and Redis (same key prefix: the queues core fills) and sweeps
 * the registry's content store: unless JOBSERVICE_* variables say otherwise it gets CORE_DATABASE_URL,
 * CORE_REDIS_URL/KEYPREFIX and REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY.
 */
function jobserviceEnv(e) {
  const out = {};
  const pass = (to, from) => { if (e[to] === undefined && e[from] !== undefined) out[to] = e[from]; };
  pass('JOBSERVICE_DATABASE_URL', 'CORE_DATABASE_URL');
  pass('JOBSERVICE_REDIS_URL', 'CORE_REDIS_URL');
  pass('JOBSERVICE_REDIS_KEYPREFIX', 'CORE_REDIS_KEYPREFIX');
  pass('JOBSERVICE_STORAGE_FILESYSTEM_ROOTDIRECTORY', 'REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY');
  return out;
}
