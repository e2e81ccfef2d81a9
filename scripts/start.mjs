// `npm start`: sets the checkout up (see setup.mjs) and starts the suite: core (which creates the admin
// and the token signing certificate on its first start), the registry in token mode trusting that
// certificate, the job service, the web console's server, and the proxy in front of them. Each service applies pending migrations itself.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { setup } from './setup.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
// The test command sets the checkout up once before any test; suites it starts in parallel must not
// reinstall, regenerate or rebuild under each other's feet.
if (process.env.HARBOR_SETUP_DONE !== '1') setup();

const env = { ...process.env, ...registryRedisEnv(process.env), ...coreRegistryEnv(process.env), ...jobserviceEnv(process.env) };
const services = [
  { name: 'core', args: ['services/core/dist/main.js', env.CORE_CONFIG ?? 'services/core/config.local.yml'] },
  { name: 'jobservice', args: ['services/jobservice/dist/main.js', env.JOBSERVICE_CONFIG ?? 'services/jobservice/config.local.yml'] },
  {
    name: 'registry',
    args: ['services/registry/dist/main.js', 'serve', env.REGISTRY_CONFIG ?? 'services/registry/config.local.yml'],
    // The registry trusts core's certificate: wait until core has written it (first start) or it exists.
    waitFor: env.REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE ?? join(root, '.data/core/token/root.crt'),
  },
  { name: 'portal', args: ['services/portal/dist/server/main.js', env.PORTAL_CONFIG ?? 'services/portal/config.local.yml'] },
  { name: 'proxy', args: ['services/proxy/dist/main.js', env.PROXY_CONFIG ?? 'services/proxy/config.local.yml'] },
];

const children = [];
let stopping = false;

function stopAll() {
  stopping = true;
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
}
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

for (const { name, args, waitFor } of services) {
  if (waitFor) {
    for (let waited = 0; !existsSync(waitFor); waited += 100) {
      if (stopping) process.exit(1);
      if (waited > 60_000) {
        console.error(`${name}: ${waitFor} did not appear`);
        stopAll();
        process.exit(1);
      }
      await sleep(100);
    }
  }
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`${name} exited (${signal ?? code}); stopping the suite`);
    stopAll();
    process.exitCode = code ?? 1;
  });
  children.push(child);
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

/**
 * Core reads additions (build history, chart files) and health from the registry: unless CORE_REGISTRYURL
 * says otherwise, it is the address the registry is told to listen on (REGISTRY_HTTP_ADDR), else the
 * config files' default (127.0.0.1:5000) on both sides.
 */
function coreRegistryEnv(e) {
  if (e.CORE_REGISTRYURL !== undefined || !e.REGISTRY_HTTP_ADDR) return {};
  const i = e.REGISTRY_HTTP_ADDR.lastIndexOf(':');
  let host = e.REGISTRY_HTTP_ADDR.slice(0, i);
  if (host === '' || host === '0.0.0.0' || host === '::' || host === '[::]') host = '127.0.0.1';
  return { CORE_REGISTRYURL: `http://${host}:${e.REGISTRY_HTTP_ADDR.slice(i + 1)}` };
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
