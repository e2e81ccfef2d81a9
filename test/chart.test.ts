// The Helm chart (charts/harbor): lint and render with helm 3 and helm 4, without a cluster, for the default
// values, the production values file a Harbor user wrote (fixtures/values-prod.yaml), an HA set and each
// expose type; the rendered objects are parsed and checked for routing, storage and wiring.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { createHelm, type Helm, type HelmMajor } from '@harbor/testkit';
import { startFakeKubeApi } from './fake-kube-api.js';
import { loadJobserviceConfig } from '../services/jobservice/src/config.js';
import { loadRegistryConfig } from '../services/registry/src/config.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const chart = join(root, 'charts', 'harbor');
/** The seed's values file (a real user's, kept in the repository so the test needs nothing outside it). */
const fixture = join(root, 'test', 'fixtures', 'values-prod.yaml');
const RELEASE = 'hb';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any; data?: Record<string, string>; type?: string };
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };

const helms = new Map<HelmMajor, Helm>();
before(async () => {
  for (const major of [3, 4] as const) helms.set(major, await createHelm(major));
});
after(async () => {
  for (const h of helms.values()) await h.cleanup();
});

function valuesFile(name: string, values: unknown): string {
  const path = join(helms.get(3)!.dir, `${name}.yaml`);
  writeFileSync(path, stringify(values));
  return path;
}

async function render(args: string[], major: HelmMajor = 3): Promise<Obj[]> {
  const { stdout } = await helms.get(major)!.helm(['template', RELEASE, chart, '--namespace', 'harbor', ...args]);
  return parseAllDocuments(stdout).map((d) => {
    assert.deepEqual(d.errors, [], 'rendered YAML must parse');
    return d.toJS() as Obj;
  }).filter(Boolean);
}

function find(objs: Obj[], kind: string, name: string): Obj {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind} ${name} rendered (have: ${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')})`);
  return o;
}

function container(objs: Obj[], kind: string, component: string): any {
  return find(objs, kind, `${RELEASE}-harbor-${component}`).spec.template.spec.containers[0];
}

function env(objs: Obj[], component: string): Map<string, EnvVar> {
  return new Map((container(objs, 'Deployment', component).env as EnvVar[]).map((e) => [e.name, e]));
}

const HA = {
  externalURL: 'https://registry.example.com',
  expose: { type: 'ingress', ingress: { hosts: { core: 'registry.example.com' }, className: 'nginx' } },
  persistence: { imageChartStorage: { type: 's3', s3: { region: 'us-east-1', bucket: 'harbor', regionendpoint: 'http://minio.minio:9000', accesskey: 'AK', secretkey: 'SK', forcepathstyle: true } } },
  database: { type: 'external', external: { host: 'pg.db', port: '5432', username: 'harbor', password: 'pw', coreDatabase: 'harbor', sslmode: 'require' } },
  redis: { type: 'external', external: { addr: 's1:26379,s2:26379,s3:26379', sentinelMasterSet: 'mymaster', directAddr: 'redis-master:6379', password: 'rpw' } },
  nginx: { replicas: 3 }, portal: { replicas: 3 }, core: { replicas: 3 }, jobservice: { replicas: 3 }, registry: { replicas: 3 },
  metrics: { enabled: true, serviceMonitor: { enabled: true, interval: '30s' } },
};

for (const major of [3, 4] as const) {
  test(`helm ${major}: lint passes for default, production, HA values and every expose type`, async () => {
    const h = helms.get(major)!;
    const sets: string[][] = [[], ['-f', fixture], ['-f', valuesFile('ha', HA)]];
    for (const type of ['ingress', 'clusterIP', 'nodePort', 'loadBalancer']) sets.push(['--set', `expose.type=${type}`]);
    sets.push(['--set', 'expose.type=nodePort', '--set', 'expose.tls.enabled=false']);
    for (const args of sets) await h.helm(['lint', '--strict', chart, ...args]);
  });

  test(`helm ${major}: the production values file renders what it asks for`, async () => {
    const objs = await render(['-f', fixture], major);
    const ingress = find(objs, 'Ingress', `${RELEASE}-harbor-ingress`);
    assert.equal(ingress.metadata.annotations?.['kubernetes.io/ingress.class'], 'traefik');
    assert.equal(ingress.metadata.annotations?.['traefik.ingress.kubernetes.io/router.entrypoints'], 'websecure');
    assert.equal(ingress.metadata.annotations?.['traefik.ingress.kubernetes.io/router.tls'], 'true');
    assert.equal(ingress.spec.rules[0].host, 'harbor.k8s.local');
    assert.deepEqual(ingress.spec.tls[0].hosts, ['harbor.k8s.local']);
    const pvc = find(objs, 'PersistentVolumeClaim', `${RELEASE}-harbor-registry`);
    assert.equal(pvc.spec.storageClassName, 'nfs-storage');
    assert.deepEqual(pvc.spec.accessModes, ['ReadWriteMany']);
    assert.equal(pvc.spec.resources.requests.storage, '5Gi');
    assert.equal(pvc.metadata.annotations?.['helm.sh/resource-policy'], 'keep');
    assert.equal(find(objs, 'Deployment', `${RELEASE}-harbor-jobservice`).spec.template.spec.affinity, undefined, 'ReadWriteMany: no co-location');
    assert.ok(!objs.some((o) => o.kind === 'StatefulSet'), 'external database and Redis: no internal StatefulSets');
    for (const c of ['core', 'registry', 'jobservice', 'portal']) {
      assert.equal(find(objs, 'Deployment', `${RELEASE}-harbor-${c}`).spec.replicas, 1);
    }
    assert.equal(env(objs, 'core').get('CORE_LOG_LEVEL')?.value, 'debug');
  });
}

test('ingress routes the Harbor prefixes, /v2/ straight to the registry', async () => {
  const objs = await render([]);
  const ingress = find(objs, 'Ingress', `${RELEASE}-harbor-ingress`);
  const routes = Object.fromEntries(ingress.spec.rules[0].http.paths.map((p: any) => [p.path, `${p.backend.service.name}:${p.backend.service.port.number}`]));
  assert.deepEqual(routes, {
    '/': `${RELEASE}-harbor-portal:80`,
    '/api/': `${RELEASE}-harbor-core:80`,
    '/service/': `${RELEASE}-harbor-core:80`,
    '/chartrepo/': `${RELEASE}-harbor-core:80`,
    '/c/': `${RELEASE}-harbor-core:80`,
    '/v2/': `${RELEASE}-harbor-registry:5000`,
  });
  assert.equal(find(objs, 'Service', `${RELEASE}-harbor-registry`).spec.ports[0].port, 5000);
  assert.ok(!objs.some((o) => o.kind === 'Deployment' && o.metadata.name.endsWith('-proxy')), 'no proxy behind an ingress');
});

test('default values: internal PostgreSQL and Redis, probes on every component, no hook without a database', async () => {
  const objs = await render([]);
  find(objs, 'StatefulSet', `${RELEASE}-harbor-database`);
  find(objs, 'StatefulSet', `${RELEASE}-harbor-redis`);
  for (const d of objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
    const c = d.spec.template.spec.containers[0];
    assert.ok(c.livenessProbe && c.readinessProbe, `${d.metadata.name} has liveness and readiness probes`);
  }
  assert.equal(container(objs, 'Deployment', 'core').livenessProbe.httpGet.path, '/api/v2.0/ping');
  assert.equal(container(objs, 'Deployment', 'registry').livenessProbe.httpGet.path, '/debug/health');
  assert.equal(container(objs, 'Deployment', 'portal').readinessProbe.httpGet.path, '/healthz');
  assert.equal(container(objs, 'Deployment', 'jobservice').readinessProbe.httpGet.path, '/healthz');
  assert.ok(!objs.some((o) => o.kind === 'Job'), 'the internal database does not exist at pre-install');
  assert.ok(!objs.some((o) => o.kind === 'PodDisruptionBudget'), 'no PDB with one replica');
  const colocated = find(objs, 'Deployment', `${RELEASE}-harbor-jobservice`).spec.template.spec.affinity;
  assert.equal(colocated.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels['app.kubernetes.io/component'], 'registry',
    'the jobservice shares the registry\'s ReadWriteOnce claim, so its node');
  const ping = objs.find((o) => o.kind === 'Pod' && o.metadata.annotations?.['helm.sh/hook'] === 'test');
  assert.ok(ping, 'a helm test hook pings the API');
  assert.match(JSON.stringify(ping.spec), /api\/v2\.0\/ping/);
  assert.equal(container(objs, 'Deployment', 'core').image, 'goharbor-ts/core:0.1.0');
  assert.deepEqual(container(objs, 'Deployment', 'registry').command, ['node', 'dist/main.js', 'serve']);
  for (const c of ['registry', 'jobservice']) {
    assert.equal(find(objs, 'Deployment', `${RELEASE}-harbor-${c}`).spec.template.spec.securityContext.fsGroup, 1000, `${c} can write the content volume`);
  }
});

test('database and Redis are wired into core, registry and jobservice', async () => {
  const objs = await render(['-f', fixture]);
  const dbUrl = 'postgresql://gitlab:$(DATABASE_PASSWORD)@postgresql.kube-ops.svc.cluster.local:5432/harbor?sslmode=disable';
  for (const [component, prefix] of [['core', 'CORE'], ['registry', 'REGISTRY'], ['jobservice', 'JOBSERVICE']]) {
    const e = env(objs, component);
    assert.equal(e.get(`${prefix}_DATABASE_URL`)?.value, dbUrl, component);
    const names = [...e.keys()];
    assert.ok(names.indexOf('DATABASE_PASSWORD') < names.indexOf(`${prefix}_DATABASE_URL`), 'defined before it is referenced');
    assert.deepEqual(e.get('DATABASE_PASSWORD')?.valueFrom?.secretKeyRef, { name: `${RELEASE}-harbor-database`, key: 'password' });
  }
  const secret = find(objs, 'Secret', `${RELEASE}-harbor-database`);
  assert.equal(Buffer.from(secret.data!.password, 'base64').toString(), 'passw0rd');
  assert.equal(env(objs, 'core').get('CORE_REDIS_URL')?.value, 'redis://redis.kube-ops.svc.cluster.local:6379/0');
  assert.equal(env(objs, 'jobservice').get('JOBSERVICE_REDIS_URL')?.value, 'redis://redis.kube-ops.svc.cluster.local:6379/0');
  assert.equal(env(objs, 'core').get('CORE_REDIS_KEYPREFIX')?.value, env(objs, 'jobservice').get('JOBSERVICE_REDIS_KEYPREFIX')?.value);
  const reg = env(objs, 'registry');
  assert.equal(reg.get('REGISTRY_REDIS_ADDR')?.value, 'redis.kube-ops.svc.cluster.local:6379');
  assert.equal(reg.get('REGISTRY_AUTH_TOKEN_REALM')?.value, 'https://harbor.k8s.local/service/token');
  assert.equal(reg.get('REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY')?.value, '/storage');
  assert.equal(env(objs, 'jobservice').get('JOBSERVICE_STORAGE_FILESYSTEM_ROOTDIRECTORY')?.value, '/storage');
  const job = objs.find((o) => o.kind === 'Job');
  assert.ok(job, 'external database: the migration hook');
  assert.equal(job.metadata.annotations?.['helm.sh/hook'], 'pre-install,pre-upgrade');
  const jc = job.spec.template.spec.containers[0];
  assert.deepEqual(jc.command, ['node', 'dist/main.js', 'migrate']);
  assert.equal(jc.env.find((e: EnvVar) => e.name === 'CORE_DATABASE_URL').value, dbUrl);
  const hookSecret = find(objs, 'Secret', jc.env.find((e: EnvVar) => e.name === 'DATABASE_PASSWORD').valueFrom.secretKeyRef.name);
  assert.equal(hookSecret.metadata.annotations?.['helm.sh/hook-weight'], '-5', 'its Secret exists before the Job runs');
});

test('HA values: replicas, S3, Sentinel, PDBs and anti-affinity', async () => {
  const objs = await render(['-f', valuesFile('ha', HA)]);
  for (const c of ['core', 'registry', 'jobservice', 'portal']) {
    const d = find(objs, 'Deployment', `${RELEASE}-harbor-${c}`);
    assert.equal(d.spec.replicas, 3);
    find(objs, 'PodDisruptionBudget', `${RELEASE}-harbor-${c}`);
    const anti = d.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
    assert.equal(anti.labelSelector.matchLabels['app.kubernetes.io/component'], c);
  }
  assert.ok(!objs.some((o) => o.kind === 'PersistentVolumeClaim'), 'S3: no registry claim');
  const reg = env(objs, 'registry');
  assert.equal(reg.get('REGISTRY_STORAGE_S3_BUCKET')?.value, 'harbor');
  assert.equal(reg.get('REGISTRY_STORAGE_S3_REGIONENDPOINT')?.value, 'http://minio.minio:9000');
  assert.equal(reg.get('REGISTRY_STORAGE_S3_FORCEPATHSTYLE')?.value, 'true');
  assert.equal(reg.get('REGISTRY_STORAGE_S3_ACCESSKEY')?.valueFrom?.secretKeyRef?.name, `${RELEASE}-harbor-registry`);
  assert.ok(!reg.has('REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY'));
  assert.equal(env(objs, 'jobservice').get('JOBSERVICE_STORAGE_S3_BUCKET')?.value, 'harbor');
  const s3 = find(objs, 'Secret', `${RELEASE}-harbor-registry`);
  assert.equal(Buffer.from(s3.data!.REGISTRY_STORAGE_S3_SECRETKEY, 'base64').toString(), 'SK');
  for (const [c, p] of [['core', 'CORE'], ['jobservice', 'JOBSERVICE']]) {
    const e = env(objs, c);
    assert.equal(e.get(`${p}_REDIS_SENTINELS`)?.value, 's1:26379,s2:26379,s3:26379');
    assert.equal(e.get(`${p}_REDIS_SENTINELMASTERSET`)?.value, 'mymaster');
    assert.equal(e.get(`${p}_REDIS_URL`)?.value, 'redis://:$(REDIS_PASSWORD)@redis-master:6379/0');
  }
  assert.equal(reg.get('REGISTRY_REDIS_ADDR')?.value, 'redis-master:6379');
  assert.equal(reg.get('REGISTRY_REDIS_PASSWORD')?.value, '$(REDIS_PASSWORD)');
  assert.equal(env(objs, 'core').get('CORE_DATABASE_URL')?.value, 'postgresql://harbor:$(DATABASE_PASSWORD)@pg.db:5432/harbor?sslmode=require');
  assert.equal(find(objs, 'Ingress', `${RELEASE}-harbor-ingress`).spec.ingressClassName, 'nginx');
  const sm = find(objs, 'ServiceMonitor', `${RELEASE}-harbor`);
  assert.deepEqual(sm.spec.endpoints.map((e: any) => [e.port, e.path, e.interval]), [['metrics', '/metrics', '30s'], ['http', '/metrics', '30s']]);
});

for (const [type, serviceType] of [['clusterIP', 'ClusterIP'], ['nodePort', 'NodePort'], ['loadBalancer', 'LoadBalancer']]) {
  test(`expose.type=${type}: the proxy behind a ${serviceType} Service`, async () => {
    const objs = await render(['--set', `expose.type=${type}`, '--set', 'externalURL=https://harbor.example.com']);
    assert.ok(!objs.some((o) => o.kind === 'Ingress'));
    const svc = find(objs, 'Service', 'harbor');
    assert.equal(svc.spec.type, serviceType);
    assert.deepEqual(svc.spec.ports.map((p: any) => p.targetPort), ['http', 'https']);
    if (type === 'nodePort') assert.deepEqual(svc.spec.ports.map((p: any) => p.nodePort), [30002, 30003]);
    const e = env(objs, 'proxy');
    assert.equal(e.get('PROXY_UPSTREAMS_REGISTRY')?.value, `http://${RELEASE}-harbor-registry:5000`);
    assert.equal(e.get('PROXY_UPSTREAMS_CORE')?.value, `http://${RELEASE}-harbor-core`);
    assert.equal(e.get('PROXY_UPSTREAMS_PORTAL')?.value, `http://${RELEASE}-harbor-portal`);
    assert.equal(e.get('PROXY_TLS_ENABLED')?.value, 'true');
    assert.equal(e.get('PROXY_TLS_CERTIFICATE')?.value, '/etc/proxy/tls/tls.crt');
    const tls = find(objs, 'Secret', `${RELEASE}-harbor-tls`);
    const cert = new X509Certificate(Buffer.from(tls.data!['tls.crt'], 'base64'));
    assert.match(cert.subjectAltName ?? '', /DNS:harbor\.example\.com/);
    assert.ok(cert.verify(new X509Certificate(Buffer.from(tls.data!['ca.crt'], 'base64')).publicKey), 'signed by the generated CA');
  });
}

test('expose.tls none or disabled: plain HTTP only', async () => {
  for (const args of [['--set', 'expose.tls.enabled=false'], ['--set', 'expose.tls.certSource=none']]) {
    const objs = await render(['--set', 'expose.type=clusterIP', ...args]);
    assert.deepEqual(find(objs, 'Service', 'harbor').spec.ports.map((p: any) => p.name), ['http']);
    assert.equal(env(objs, 'proxy').get('PROXY_TLS_ENABLED')?.value, 'false');
    assert.ok(!objs.some((o) => o.metadata.name === `${RELEASE}-harbor-tls`));
    const ing = find(await render(args), 'Ingress', `${RELEASE}-harbor-ingress`);
    assert.equal(ing.spec.tls, undefined);
  }
  const own = await render(['--set', 'expose.tls.certSource=secret', '--set', 'expose.tls.secret.secretName=my-cert']);
  assert.equal(find(own, 'Ingress', `${RELEASE}-harbor-ingress`).spec.tls[0].secretName, 'my-cert');
});

test('generated secrets use lookup (kept across upgrades) and are valid on every render', async () => {
  const text = readFileSync(join(chart, 'templates', 'secrets.yaml'), 'utf8');
  for (const name of ['core', 'token', 'db', 'tls']) {
    assert.match(text, new RegExp(`lookup "v1" "Secret" \\$ns \\$${name}Name`), `${name} secret is looked up before generating`);
  }
  const renders = [await render([]), await render([])];
  const tokens = renders.map((objs) => find(objs, 'Secret', `${RELEASE}-harbor-token`));
  for (const t of tokens) {
    assert.equal(t.type, 'kubernetes.io/tls');
    const cert = new X509Certificate(Buffer.from(t.data!['tls.crt'], 'base64'));
    const key = createPrivateKey(Buffer.from(t.data!['tls.key'], 'base64'));
    assert.ok(cert.checkPrivateKey(key), 'the token key matches its certificate');
  }
  assert.notEqual(tokens[0].data!['tls.crt'], tokens[1].data!['tls.crt'], 'without a cluster each render generates afresh');
  for (const objs of renders) {
    const db = find(objs, 'Secret', `${RELEASE}-harbor-database`);
    assert.match(Buffer.from(db.data!.password, 'base64').toString(), /^[A-Za-z0-9]{24}$/);
    const core = find(objs, 'Secret', `${RELEASE}-harbor-core`);
    assert.equal(Buffer.from(core.data!.HARBOR_ADMIN_PASSWORD, 'base64').toString(), 'Harbor12345');
    assert.equal(Buffer.from(core.data!.secret, 'base64').toString().length, 16);
  }
});

test('secrets are stable across two renders against a cluster: the second (an upgrade) looks up and keeps what the first generated', async () => {
  for (const major of [3, 4] as const) {
    const api = await startFakeKubeApi();
    try {
      api.writeKubeconfig(join(helms.get(major)!.dir, 'kubeconfig'), 'harbor');
      // --dry-run=server lets lookup reach the cluster; the schemas are checked by the validation test.
      const serverRender = () => render(['--dry-run=server', '--disable-openapi-validation'], major);
      const names = ['core', 'token', 'database', 'tls'].map((c) => `${RELEASE}-harbor-${c}`);
      const first = await serverRender();
      for (const name of names) assert.ok(api.secretReads.includes(`/api/v1/namespaces/harbor/secrets/${name}`), `helm ${major} looked up ${name}`);
      // The install: the cluster now holds what the first render produced, with the ownership marks helm
      // puts on what it installs (helm 4 checks them before an upgrade).
      for (const name of names) {
        const s = find(first, 'Secret', name);
        api.put('harbor', {
          metadata: {
            name,
            labels: { ...(s.metadata as { labels?: Record<string, string> }).labels, 'app.kubernetes.io/managed-by': 'Helm' },
            annotations: { 'meta.helm.sh/release-name': RELEASE, 'meta.helm.sh/release-namespace': 'harbor' },
          },
          type: s.type,
          data: s.data,
        });
      }
      const second = await serverRender();
      for (const name of names) {
        assert.deepEqual(find(second, 'Secret', name).data, find(first, 'Secret', name).data, `helm ${major}: ${name} kept across the upgrade`);
      }
      // A fresh namespace (nothing to look up) generates new material: the stability comes from the lookup.
      api.writeKubeconfig(join(helms.get(major)!.dir, 'kubeconfig'), 'other');
      const elsewhere = await render(['--dry-run=server', '--disable-openapi-validation', '--namespace', 'other'], major);
      assert.notEqual(find(elsewhere, 'Secret', `${RELEASE}-harbor-token`).data!['tls.key'], find(first, 'Secret', `${RELEASE}-harbor-token`).data!['tls.key']);
    } finally {
      rmSync(join(helms.get(major)!.dir, 'kubeconfig'), { force: true });
      await api.close();
    }
  }
});

test('given keys and existing secrets are used instead of generated ones', async () => {
  const objs = await render(['-f', valuesFile('existing', {
    existingSecretAdminPassword: 'admin-pw', existingSecretAdminPasswordKey: 'pw',
    core: { secretName: 'my-token' },
    database: { type: 'external', external: { existingSecret: 'db-secret' } },
    redis: { type: 'external', external: { existingSecret: 'redis-secret' } },
  })]);
  const e = env(objs, 'core');
  assert.deepEqual(e.get('HARBOR_ADMIN_PASSWORD')?.valueFrom?.secretKeyRef, { name: 'admin-pw', key: 'pw' });
  assert.deepEqual(e.get('DATABASE_PASSWORD')?.valueFrom?.secretKeyRef, { name: 'db-secret', key: 'password' });
  assert.deepEqual(e.get('REDIS_PASSWORD')?.valueFrom?.secretKeyRef, { name: 'redis-secret', key: 'REDIS_PASSWORD' });
  const core = find(objs, 'Secret', `${RELEASE}-harbor-core`);
  assert.equal(core.data!.HARBOR_ADMIN_PASSWORD, undefined);
  assert.ok(!objs.some((o) => o.metadata.name === `${RELEASE}-harbor-token` || o.metadata.name === `${RELEASE}-harbor-database`));
  const vol = find(objs, 'Deployment', `${RELEASE}-harbor-registry`).spec.template.spec.volumes.find((v: any) => v.name === 'token');
  assert.equal(vol.secret.secretName, 'my-token');
});

test('storage types without a driver in the suite render, pass their settings on without credentials, and the services refuse them', async () => {
  const secrets = { azure: 'accountkey', gcs: 'encodedkey', swift: 'password', oss: 'accesskeysecret' } as const;
  for (const [type, secretKey] of Object.entries(secrets)) {
    const objs = await render(['--set', `persistence.imageChartStorage.type=${type}`]);
    for (const component of ['registry', 'jobservice'] as const) {
      const e = env(objs, component);
      const prefix = component === 'registry' ? 'REGISTRY' : 'JOBSERVICE';
      const passed = [...e.keys()].filter((k) => k.startsWith(`${prefix}_STORAGE_${type.toUpperCase()}_`));
      assert.ok(passed.length >= 1, `${component} gets the ${type} settings (${passed.join(', ')})`);
      assert.ok(!e.has(`${prefix}_STORAGE_${type.toUpperCase()}_${secretKey.toUpperCase()}`), `${component}: no ${type} credential in the pod spec`);
      assert.ok(!e.has(`${prefix}_STORAGE_FILESYSTEM_ROOTDIRECTORY`), `${component}: no filesystem fallback`);
      // What the rendered environment means to the services themselves: a clear refusal, not filesystem.
      const plain = Object.fromEntries([...e].filter(([, v]) => v.value !== undefined).map(([k, v]) => [k, v.value!]));
      const load = component === 'registry'
        ? () => loadRegistryConfig(undefined, { ...plain, DATABASE_URL: 'postgresql://x/y' })
        : () => loadJobserviceConfig(undefined, { ...plain, DATABASE_URL: 'postgresql://x/y' });
      assert.throws(load, new RegExp(`storage driver "${type}" is not supported`));
    }
    assert.ok(!objs.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name.endsWith('-registry')), `${type}: no registry claim`);
  }
  await assert.rejects(render(['--set', 'persistence.imageChartStorage.type=ftp']), /use filesystem, s3, azure, gcs, swift or oss/);
  await assert.rejects(render(['--set', 'expose.type=route']), /use ingress, clusterIP, nodePort or loadBalancer/);
});

test('the chart documents every top-level values key', () => {
  const readme = readFileSync(join(chart, 'README.md'), 'utf8');
  const values = readFileSync(join(chart, 'values.yaml'), 'utf8');
  const keys = [...values.matchAll(/^([a-zA-Z]\w*):/gm)].map((m) => m[1]);
  for (const k of keys) assert.ok(readme.includes(`\`${k}`), `README mentions ${k}`);
  assert.ok(readdirSync(join(chart, 'templates')).includes('NOTES.txt'));
});

// Every rendered object validated against the Kubernetes OpenAPI schemas (kubernetes-models: the published
// schemas of each kind with an ajv validator). The ServiceMonitor is the Prometheus operator's custom
// resource: its schema is not among Kubernetes' and it is checked for shape only.
const KINDS: Record<string, () => Promise<new (o: never) => { validate(): void }>> = {
  'v1/Secret': async () => (await import('kubernetes-models/v1')).Secret,
  'v1/Service': async () => (await import('kubernetes-models/v1')).Service,
  'v1/Pod': async () => (await import('kubernetes-models/v1')).Pod,
  'v1/PersistentVolumeClaim': async () => (await import('kubernetes-models/v1')).PersistentVolumeClaim,
  'v1/ConfigMap': async () => (await import('kubernetes-models/v1')).ConfigMap,
  'apps/v1/Deployment': async () => (await import('kubernetes-models/apps/v1')).Deployment,
  'apps/v1/StatefulSet': async () => (await import('kubernetes-models/apps/v1')).StatefulSet,
  'batch/v1/Job': async () => (await import('kubernetes-models/batch/v1')).Job,
  'networking.k8s.io/v1/Ingress': async () => (await import('kubernetes-models/networking.k8s.io/v1')).Ingress,
  'policy/v1/PodDisruptionBudget': async () => (await import('kubernetes-models/policy/v1')).PodDisruptionBudget,
};

test('every rendered manifest is valid against the Kubernetes schemas (default, production, HA, each expose type)', async () => {
  const sets: string[][] = [[], ['-f', fixture], ['-f', valuesFile('ha-schema', HA)]];
  for (const type of ['ingress', 'clusterIP', 'nodePort', 'loadBalancer']) sets.push(['--set', `expose.type=${type}`, '--set', 'externalURL=https://harbor.example.com']);
  let checked = 0;
  for (const args of sets) {
    for (const obj of await render(args)) {
      const key = `${obj.apiVersion}/${obj.kind}`;
      if (key === 'monitoring.coreos.com/v1/ServiceMonitor') {
        assert.ok(Array.isArray((obj.spec as { endpoints?: unknown[] }).endpoints), 'ServiceMonitor has endpoints');
        continue;
      }
      const load = KINDS[key];
      assert.ok(load, `a schema for ${key}`);
      const Model = await load();
      try {
        new Model(obj as never).validate();
      } catch (err) {
        assert.fail(`${key} ${obj.metadata.name} (${args.join(' ') || 'defaults'}): ${err instanceof Error ? err.message : String(err)}`);
      }
      checked++;
    }
  }
  assert.ok(checked > 50, `${checked} objects validated`);
  // …and the validator does refuse a broken object (a Deployment without its selector, a port as text).
  const Deployment = await KINDS['apps/v1/Deployment']();
  assert.throws(() => new Deployment({ metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 'http' }] }] } } } } as never).validate());
});
