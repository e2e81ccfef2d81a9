// The single-host deployment (docker-compose.yml with .env.example) as docker-compose resolves it: every
// service, the one published port, the volumes, the health checks and the wiring between services.
// The YAML it prints is read with python3's yaml module, which Debian's docker-compose package brings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  ports?: Array<string | { published: number | string; target: number }>;
  environment?: Record<string, string>;
  volumes?: Array<string | { source?: string; target: string }>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

function resolvedCompose(env: Record<string, string> = {}): { services: Record<string, Service>; volumes: Record<string, unknown> } {
  let yaml: string;
  try {
    yaml = execFileSync('docker-compose', ['-f', 'docker-compose.yml', '--env-file', '.env.example', 'config'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('docker-compose is not installed (Debian: apt-get install docker-compose)');
    throw e;
  }
  const json = execFileSync('python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: yaml, encoding: 'utf8' });
  return JSON.parse(json);
}

const volumeTargets = (s: Service) => (s.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':').slice(0, 2).join(':') : `${v.source}:${v.target}`));
const healthTest = (s: Service) => (s.healthcheck?.test ?? []).join(' ');

test('docker-compose.yml resolves with .env.example into the whole suite, one published port, volumes and health checks', () => {
  const { services, volumes } = resolvedCompose();
  assert.deepEqual(Object.keys(services).sort(), ['core', 'jobservice', 'portal', 'postgres', 'proxy', 'redis', 'registry']);
  for (const name of ['proxy', 'portal', 'core', 'registry', 'jobservice']) {
    assert.equal(services[name].build?.dockerfile, `services/${name}/Dockerfile`);
    assert.ok(existsSync(join(root, 'services', name, 'Dockerfile')), `services/${name}/Dockerfile exists`);
  }
  assert.equal(services.postgres.image, 'postgres:15');
  assert.equal(services.redis.image, 'redis:7');

  const published = Object.entries(services).filter(([, s]) => s.ports?.length).map(([n]) => n);
  assert.deepEqual(published, ['proxy'], 'only the proxy is reachable from outside');
  const port = services.proxy.ports![0];
  assert.match(typeof port === 'string' ? port : `${port.published}:${port.target}`, /^8080:8080/);

  assert.deepEqual(Object.keys(volumes).sort(), ['core-data', 'database', 'redis', 'registry-storage']);
  assert.ok(volumeTargets(services.postgres).includes('database:/var/lib/postgresql/data'));
  assert.ok(volumeTargets(services.redis).includes('redis:/data'));
  assert.ok(volumeTargets(services.core).includes('core-data:/data'));
  assert.ok(volumeTargets(services.registry).includes('registry-storage:/storage'));
  assert.ok(volumeTargets(services.registry).includes('core-data:/core-data'));
  assert.ok(volumeTargets(services.jobservice).includes('registry-storage:/storage'), 'GC sweeps the registry content');

  assert.match(healthTest(services.core), /\/api\/v2\.0\/ping/);
  assert.match(healthTest(services.portal), /\/healthz/);
  assert.match(healthTest(services.jobservice), /\/healthz/);
  assert.match(healthTest(services.registry), /connect\(5000/);
  assert.match(healthTest(services.postgres), /pg_isready/);
  assert.match(healthTest(services.redis), /redis-cli ping/);
  assert.match(healthTest(services.proxy), /\/v2\//);
});

test('docker-compose.yml wires the services together from the .env settings', () => {
  const { services } = resolvedCompose();
  const core = services.core.environment!;
  const registry = services.registry.environment!;
  const jobs = services.jobservice.environment!;
  const proxy = services.proxy.environment!;
  assert.equal(core.CORE_EXTERNALURL, 'http://127.0.0.1:8080');
  assert.equal(proxy.PROXY_EXTERNALURL, 'http://127.0.0.1:8080');
  assert.equal(registry.REGISTRY_AUTH_TOKEN_REALM, 'http://127.0.0.1:8080/service/token');
  assert.equal(core.HARBOR_ADMIN_PASSWORD, 'Harbor12345');
  // The registry trusts the certificate core generates in its data volume.
  assert.equal(core.CORE_DATADIR, '/data');
  assert.equal(registry.REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE, '/core-data/token/root.crt');
  // One database, one Redis and one key prefix for core, the registry's events and the job queues.
  const dbUrl = core.CORE_DATABASE_URL;
  assert.match(dbUrl, /^postgresql:\/\/harbor:change-me@postgres:5432\/harbor$/);
  assert.equal(registry.REGISTRY_DATABASE_URL, dbUrl);
  assert.equal(jobs.JOBSERVICE_DATABASE_URL, dbUrl);
  assert.equal(core.CORE_REDIS_URL, jobs.JOBSERVICE_REDIS_URL);
  assert.equal(registry.REGISTRY_REDIS_ADDR, 'redis:6379');
  assert.equal(core.CORE_REDIS_KEYPREFIX, 'harbor:');
  assert.equal(registry.REGISTRY_REDIS_KEYPREFIX, 'harbor:');
  assert.equal(jobs.JOBSERVICE_REDIS_KEYPREFIX, 'harbor:');
  assert.equal(proxy.PROXY_UPSTREAMS_CORE, 'http://core:8081');
  assert.equal(proxy.PROXY_UPSTREAMS_REGISTRY, 'http://registry:5000');
  assert.equal(proxy.PROXY_UPSTREAMS_PORTAL, 'http://portal:8080');
  assert.equal(services.core.depends_on?.postgres.condition, 'service_healthy');
  assert.equal(services.registry.depends_on?.core.condition, 'service_healthy', 'the registry starts once core wrote its certificate');
});

test('HARBOR_HOSTNAME, HARBOR_PORT and HARBOR_STORAGE from the environment move the URL, the port and the content', () => {
  const { services } = resolvedCompose({ HARBOR_HOSTNAME: 'harbor.example.com', HARBOR_PORT: '9443', HARBOR_STORAGE: '/srv/harbor/registry' });
  const port = services.proxy.ports![0];
  assert.match(typeof port === 'string' ? port : `${port.published}:${port.target}`, /^9443:8080/);
  assert.equal(services.core.environment!.CORE_EXTERNALURL, 'http://harbor.example.com:9443');
  assert.equal(services.registry.environment!.REGISTRY_AUTH_TOKEN_REALM, 'http://harbor.example.com:9443/service/token');
  assert.ok(volumeTargets(services.registry).includes('/srv/harbor/registry:/storage'));
});
