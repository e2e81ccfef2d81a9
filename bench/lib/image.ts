// Images the benchmark moves: a big single-layer image written once as an OCI layout (a gzipped tar of
// one file of random, so incompressible, bytes) for skopeo, and a tiny image held in memory for seeding
// tags and repositories through the HTTP API.
import { createHash, randomFillSync } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { hashing } from '@harbor/testkit';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

export interface Blob {
  digest: string;
  size: number;
}

export interface LayoutImage {
  dir: string;
  tag: string;
  /** `oci:DIR:TAG` for skopeo. */
  ref: string;
  layer: Blob;
  /** Layer + config + manifest bytes: what a push or pull moves. */
  totalBytes: number;
}

export interface MemoryImage {
  config: Blob & { bytes: Buffer };
  layer: Blob & { bytes: Buffer };
  manifest: Buffer;
  manifestDigest: string;
  mediaType: string;
}

const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A ustar header for one regular file (mode 0644, owner 0, mtime 0). */
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  const put = (value: string, offset: number, length: number) => h.write(value, offset, length, 'ascii');
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0') + '\0';
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12);
  put('        ', 148, 8); // checksum counts its own field as spaces
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

/** The tar of one file of `size` random bytes, streamed in 1 MiB chunks. */
function* randomTar(name: string, size: number): Generator<Buffer> {
  yield tarHeader(name, size);
  for (let left = size; left > 0; ) {
    const n = Math.min(left, 1 << 20);
    yield randomFillSync(Buffer.allocUnsafe(n));
    left -= n;
  }
  const pad = (512 - (size % 512)) % 512;
  yield Buffer.alloc(pad + 1024); // padding, then the two zero blocks that end an archive
}

function configFor(diffId: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [diffId] },
    }),
  );
}

function manifestFor(config: Blob, layer: Blob): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: config.digest, size: config.size },
      layers: [{ mediaType: OCI_LAYER, digest: layer.digest, size: layer.size }],
    }),
  );
}

/** Writes `<parent>/<name>` as an OCI layout holding one image whose single layer carries `bytes` random bytes. */
export async function writeLayoutImage(parent: string, name: string, bytes: number, tag = 'bench'): Promise<LayoutImage> {
  const dir = join(parent, name);
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const tmp = join(blobs, '.layer.tmp');
  const diff = createHash('sha256');
  const compressed = createHash('sha256');
  const raw = { n: 0 };
  const size = { n: 0 };
  // Level 1: random bytes do not compress anyway, and a higher level only slows the one-time build.
  await pipeline(Readable.from(randomTar('random.bin', bytes)), hashing(diff, raw), createGzip({ level: 1 }), hashing(compressed, size), createWriteStream(tmp));
  const layer = { digest: `sha256:${compressed.digest('hex')}`, size: size.n };
  renameSync(tmp, join(blobs, layer.digest.slice(7)));
  const configBytes = configFor(`sha256:${diff.digest('hex')}`);
  const config = { digest: sha256(configBytes), size: configBytes.length };
  writeFileSync(join(blobs, config.digest.slice(7)), configBytes);
  const manifest = manifestFor(config, layer);
  const manifestDigest = sha256(manifest);
  writeFileSync(join(blobs, manifestDigest.slice(7)), manifest);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [{ mediaType: OCI_MANIFEST, digest: manifestDigest, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return { dir, tag, ref: `oci:${dir}:${tag}`, layer, totalBytes: layer.size + config.size + manifest.length };
}

/** A tiny single-layer image (a 1 KiB file) kept in memory. */
export function tinyImage(): MemoryImage {
  const tar = Buffer.concat([...randomTar('hello.bin', 1024)]);
  const layerBytes = gzipSync(tar);
  const configBytes = configFor(sha256(tar));
  const layer = { digest: sha256(layerBytes), size: layerBytes.length, bytes: layerBytes };
  const config = { digest: sha256(configBytes), size: configBytes.length, bytes: configBytes };
  const manifest = manifestFor(config, layer);
  return { config, layer, manifest, manifestDigest: sha256(manifest), mediaType: OCI_MANIFEST };
}
