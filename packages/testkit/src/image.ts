// Test images built offline: a runnable busybox image written by hand as an OCI image layout (reproducible
// tar, gzip, sha256, config, manifest, index.json), plus conversions to the archive formats clients load
// (docker-archive via skopeo for `docker load`, OCI archive for `ctr images import`).
import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { skopeo } from './clients/skopeo.js';
import { tarStream, type TarEntry } from './tar.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const REF_NAME = 'org.opencontainers.image.ref.name';
const BUSYBOX = process.env.HARBOR_BUSYBOX ?? '/bin/busybox';

export interface TestImageOptions {
  /** Tag inside the layout (`org.opencontainers.image.ref.name`); default `latest`. */
  tag?: string;
  /** Adds a second layer with this many pseudo-random (incompressible) bytes at /data/extra.bin. */
  extraBytes?: number;
  /** Varies the extra layer's bytes (same seed and size give the same layer). Default: the tag. */
  seed?: string;
  /** Config labels: a cheap way to get distinct manifests that share the busybox layer. */
  labels?: Record<string, string>;
  /** Also write a docker-archive (for `docker load`) naming the image `<repo>:<tag>`; true = `harbor-test/busybox`. */
  dockerArchive?: boolean | string;
  /** Also write the layout as an OCI archive tar (for `ctr images import`). */
  ociArchive?: boolean;
}

export interface LayerInfo {
  digest: string;
  size: number;
  /** sha256 of the uncompressed tar (config rootfs.diff_ids). */
  diffId: string;
}

export interface TestImage {
  /** The OCI image layout directory (several builds into one `dir` share it). */
  ociDir: string;
  tag: string;
  /** `oci:<ociDir>:<tag>`, a skopeo/podman source reference. */
  ociRef: string;
  manifestDigest: string;
  manifestSize: number;
  /** The manifest bytes as written (and as an unchanged copy serves them). */
  manifest: string;
  configDigest: string;
  layers: LayerInfo[];
  /** Path of the docker-archive tar, when asked for. */
  dockerArchive?: string;
  /** `<repo>:<tag>` as `docker load` names the image. */
  dockerRef?: string;
  /** Path of the OCI archive tar, when asked for. */
  ociArchive?: string;
}

export function sha256(data: string | Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function goArch(): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[process.arch] ?? process.arch;
}

/** A pass-through that hashes and counts what flows through it. */
export function hashing(hash: ReturnType<typeof createHash>, count: { n: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      count.n += chunk.length;
      cb(null, chunk);
    },
  });
}

/** Writes `entries` as a gzipped layer blob into the layout, computing digest and diff id in one pass. */
async function writeLayer(ociDir: string, entries: TarEntry[]): Promise<LayerInfo> {
  const blobs = join(ociDir, 'blobs', 'sha256');
  const tmp = join(blobs, `.tmp-${process.pid}-${process.hrtime.bigint()}`);
  const diff = createHash('sha256');
  const compressed = createHash('sha256');
  const rawCount = { n: 0 };
  const size = { n: 0 };
  await pipeline(tarStream(entries), hashing(diff, rawCount), createGzip({ level: 6 }), hashing(compressed, size), createWriteStream(tmp));
  const digest = `sha256:${compressed.digest('hex')}`;
  renameSync(tmp, join(blobs, digest.slice(7)));
  return { digest, size: size.n, diffId: `sha256:${diff.digest('hex')}` };
}

function writeBlob(ociDir: string, data: string): { digest: string; size: number } {
  const digest = sha256(data);
  writeFileSync(join(ociDir, 'blobs', 'sha256', digest.slice(7)), data);
  return { digest, size: Buffer.byteLength(data) };
}

/** Deterministic incompressible bytes: AES-128-CTR keystream keyed by the seed. */
function* pseudoRandom(seed: string, total: number): Generator<Buffer> {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(1 << 20);
  for (let left = total; left > 0; left -= zeros.length) yield cipher.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
}

/** Opens the file only when the tar writer reaches it (an archive may list many files). */
async function* lazyRead(path: string): AsyncGenerator<Buffer> {
  yield* createReadStream(path);
}

function busyboxEntries(): TarEntry[] {
  const size = statSync(BUSYBOX).size;
  const applets = ['sh', 'echo', 'cat', 'ls', 'sleep', 'true'];
  return [
    { type: 'dir', name: 'bin' },
    { type: 'file', name: 'bin/busybox', mode: 0o755, size, body: lazyRead(BUSYBOX) },
    ...applets.map((a): TarEntry => ({ type: 'symlink', name: `bin/${a}`, target: 'busybox' })),
    { type: 'dir', name: 'tmp', mode: 0o1777 },
  ];
}

function updateIndex(ociDir: string, entry: { digest: string; size: number }, tag: string): void {
  const indexPath = join(ociDir, 'index.json');
  const index = existsSync(indexPath)
    ? (JSON.parse(readFileSync(indexPath, 'utf8')) as { manifests: Array<{ annotations?: Record<string, string> }> })
    : { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] };
  index.manifests = index.manifests.filter((m) => m.annotations?.[REF_NAME] !== tag);
  index.manifests.push({ mediaType: OCI_MANIFEST, ...entry, annotations: { [REF_NAME]: tag } } as never);
  writeFileSync(indexPath, JSON.stringify(index));
}

/**
 * Builds a small runnable busybox image (needs busybox-static's /bin/busybox) into `<dir>/oci`.
 * Reproducible: the same options on the same busybox give the same digests.
 */
export async function buildTestImage(dir: string, opts: TestImageOptions = {}): Promise<TestImage> {
  const tag = opts.tag ?? 'latest';
  const ociDir = join(dir, 'oci');
  mkdirSync(join(ociDir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(ociDir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));

  const layers = [await writeLayer(ociDir, busyboxEntries())];
  const history = [{ created: '1970-01-01T00:00:00Z', created_by: 'harbor testkit: busybox' }];
  if (opts.extraBytes && opts.extraBytes > 0) {
    const body = pseudoRandom(opts.seed ?? tag, opts.extraBytes);
    layers.push(
      await writeLayer(ociDir, [
        { type: 'dir', name: 'data' },
        { type: 'file', name: 'data/extra.bin', size: opts.extraBytes, body },
      ]),
    );
    history.push({ created: '1970-01-01T00:00:00Z', created_by: `harbor testkit: ${opts.extraBytes} extra bytes` });
  }
  const config = JSON.stringify({
    created: '1970-01-01T00:00:00Z',
    architecture: goArch(),
    os: 'linux',
    config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'], WorkingDir: '/', Labels: opts.labels ?? {} },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history,
  });
  const configBlob = writeBlob(ociDir, config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, ...configBlob },
    layers: layers.map((l) => ({ mediaType: OCI_LAYER_GZIP, digest: l.digest, size: l.size })),
  });
  const manifestBlob = writeBlob(ociDir, manifest);
  updateIndex(ociDir, manifestBlob, tag);

  const image: TestImage = {
    ociDir,
    tag,
    ociRef: `oci:${ociDir}:${tag}`,
    manifestDigest: manifestBlob.digest,
    manifestSize: manifestBlob.size,
    manifest,
    configDigest: configBlob.digest,
    layers,
  };
  if (opts.dockerArchive) {
    const repo = typeof opts.dockerArchive === 'string' ? opts.dockerArchive : 'harbor-test/busybox';
    image.dockerRef = `${repo}:${tag}`;
    image.dockerArchive = await toDockerArchive(image, join(dir, `${repo.replace(/\W/g, '_')}-${tag}.docker.tar`), image.dockerRef);
  }
  if (opts.ociArchive) image.ociArchive = await toOciArchive(image, join(dir, `${tag}.oci.tar`));
  return image;
}

/** Converts the image to a docker-archive tar (`docker load -i`) with skopeo; returns `file`. */
export async function toDockerArchive(image: Pick<TestImage, 'ociRef'>, file: string, ref: string): Promise<string> {
  rmSync(file, { force: true }); // skopeo refuses to add to an existing docker-archive
  await skopeo(['copy', '--quiet', image.ociRef, `docker-archive:${file}:${ref}`]);
  return file;
}

/**
 * Tars the whole layout (all tags) as an OCI archive; `ctr images import --base-name REPO` names each
 * tag REPO:TAG. Returns `file`.
 */
export async function toOciArchive(image: Pick<TestImage, 'ociDir'>, file: string): Promise<string> {
  const root = image.ociDir;
  const entries: TarEntry[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (name.startsWith('.tmp-')) continue;
      const rel = relative(root, p);
      const st = statSync(p);
      if (st.isDirectory()) {
        entries.push({ type: 'dir', name: rel });
        walk(p);
      } else {
        entries.push({ type: 'file', name: rel, size: st.size, body: lazyRead(p) });
      }
    }
  };
  walk(root);
  await pipeline(tarStream(entries), createWriteStream(file));
  return file;
}
