// Plain HTTP against /v2 for the hostile suites: requests sent byte for byte (node:http does not clean
// `..` or re-encode the path, as fetch would), and a tiny image pushed with a bearer token.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends `path` exactly as given (no normalisation, no re-encoding) to `base` (`http://host:port`). */
export function raw(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<RawAnswer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers: { ...headers, ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const digestOf = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** One blob uploaded monolithically (POST then PUT ?digest=), answered 201. */
export async function pushBlob(base: string, token: string, repo: string, blob: Buffer): Promise<string> {
  const digest = digestOf(blob);
  const start = await raw(base, 'POST', `/v2/${repo}/blobs/uploads/`, bearer(token));
  assert.equal(start.status, 202, start.text);
  const loc = new URL(String(start.headers.location), base);
  loc.searchParams.set('digest', digest);
  const put = await raw(base, 'PUT', `${loc.pathname}${loc.search}`, { ...bearer(token), 'Content-Type': 'application/octet-stream' }, blob);
  assert.equal(put.status, 201, put.text);
  return digest;
}

export interface PushedImage {
  manifestDigest: string;
  layerDigest: string;
}

/** A one-layer OCI image under `repo:tag`; `seed` makes its layer unique. */
export async function pushImage(base: string, token: string, repo: string, tag: string, seed: string): Promise<PushedImage> {
  const layer = Buffer.from(`layer of ${seed}`);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [digestOf(layer)] } }));
  const layerDigest = await pushBlob(base, token, repo, layer);
  const configDigest = await pushBlob(base, token, repo, config);
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
  });
  const put = await raw(base, 'PUT', `/v2/${repo}/manifests/${tag}`, { ...bearer(token), 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, manifest);
  assert.equal(put.status, 201, put.text);
  return { manifestDigest: digestOf(manifest), layerDigest };
}
