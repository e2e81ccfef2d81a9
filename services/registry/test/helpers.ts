// Test helpers: an in-process registry on a throwaway database and storage directory, and small
// protocol clients (push a blob, push a manifest) written against the spec, not against our code.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@harbor/testkit';
import { createLogger } from '@harbor/telemetry';
import { RegistryConfigSchema } from '../src/config.js';
import { startRegistry, type RunningRegistry } from '../src/server.js';

export interface TestRegistry extends RunningRegistry {
  databaseUrl: string;
  root: string;
  stop(): Promise<void>;
}

export async function startTestRegistry(extra: Record<string, unknown> = {}): Promise<TestRegistry> {
  const db = await createTestDatabase();
  const root = await mkdtemp(join(tmpdir(), 'registry-test-'));
  const storage = (extra.storage as Record<string, unknown>) ?? {};
  const config = RegistryConfigSchema.parse({
    http: { addr: '127.0.0.1:0' },
    database: { url: db.url },
    ...extra,
    storage: { ...(storage.s3 ? {} : { filesystem: { rootdirectory: root } }), delete: { enabled: true }, ...storage },
  });
  const registry = await startRegistry(config, createLogger('registry', process.env.TEST_LOG_LEVEL ?? 'silent'));
  return {
    ...registry,
    databaseUrl: db.url,
    root,
    async stop() {
      await registry.close();
      await db.drop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function randomBlob(size = 1024): { data: Buffer; digest: string } {
  const data = randomBytes(size);
  return { data, digest: sha256(data) };
}

/** Monolithic push: POST then PUT with the whole body. */
export async function pushBlob(base: string, name: string, data: Buffer, headers: Record<string, string> = {}): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: 'POST', headers });
  if (start.status !== 202) throw new Error(`POST upload: ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT', body: data, headers: { ...headers, 'Content-Type': 'application/octet-stream' },
  });
  if (put.status !== 201) throw new Error(`PUT upload: ${put.status} ${await put.text()}`);
  return digest;
}

export interface TestImage {
  manifest: Buffer;
  digest: string;
  config: Buffer;
  layers: Buffer[];
}

/** An OCI image manifest over a fresh config and layers, pushed blob by blob. */
export async function pushImage(base: string, name: string, tag: string, opts: {
  layers?: number; subject?: { digest: string; size: number; mediaType: string }; artifactType?: string;
  annotations?: Record<string, string>; headers?: Record<string, string>;
} = {}): Promise<TestImage> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, n: randomBytes(8).toString('hex') }));
  const layers = Array.from({ length: opts.layers ?? 1 }, () => randomBytes(2048));
  for (const blob of [config, ...layers]) await pushBlob(base, name, blob, opts.headers);
  const doc: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(l), size: l.length })),
  };
  if (opts.artifactType) doc.artifactType = opts.artifactType;
  if (opts.subject) doc.subject = opts.subject;
  if (opts.annotations) doc.annotations = opts.annotations;
  const manifest = Buffer.from(JSON.stringify(doc));
  const res = await fetch(`${base}/v2/${name}/manifests/${tag}`, {
    method: 'PUT', body: manifest,
    headers: { ...opts.headers, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  if (res.status !== 201) throw new Error(`PUT manifest: ${res.status} ${await res.text()}`);
  return { manifest, digest: sha256(manifest), config, layers };
}

export async function errorCode(res: Response): Promise<string> {
  const body = (await res.json()) as { errors: Array<{ code: string }> };
  return body.errors[0].code;
}

/** A JSON body, untyped: tests assert on its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json(res: Response): Promise<any> {
  return res.json();
}
