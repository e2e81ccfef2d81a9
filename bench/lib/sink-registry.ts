// The client's floor: a registry that does nothing. It speaks just enough of the push protocol for skopeo
// (blob HEAD → 404, upload POST/PATCH/PUT, manifest PUT) and throws every byte away unhashed and unstored,
// without auth. Pushing to it measures the client and the loopback alone, so a push time below it is out
// of any registry's reach: the best push ratio any registry can show against distribution is
// distribution's time / the floor. Given an OCI layout directory it also serves that image for pulls
// (manifest by tag or digest, blobs straight from the layout's files through the same reused-buffer copy
// the registry's filesystem driver uses; no auth, no lookups): the pull floor.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FilesystemDriver } from '@harbor/storage';

export interface SinkRegistry {
  url: string;
  host: string;
  close(): Promise<void>;
}

function drain(req: IncomingMessage): Promise<Buffer | null> {
  // Manifests are kept (to answer with their digest); blob bytes are counted and dropped.
  const keep = /\/manifests\//.test(req.url ?? '');
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    req.on('data', (c: Buffer) => { if (keep) chunks.push(c); });
    req.on('end', () => resolve(keep ? Buffer.concat(chunks) : null));
    req.on('error', reject);
  });
}

/** The image a pull-floor sink serves: its layout directory and tag → manifest descriptor. */
interface ServedImage {
  dir: string;
  files: FilesystemDriver;
  manifests: Map<string, { digest: string; mediaType: string }>;
}

function readLayout(dir: string): ServedImage {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
    manifests: Array<{ digest: string; mediaType: string; annotations?: Record<string, string> }>;
  };
  const manifests = new Map<string, { digest: string; mediaType: string }>();
  for (const m of index.manifests) {
    manifests.set(m.digest, m);
    const tag = m.annotations?.['org.opencontainers.image.ref.name'];
    if (tag) manifests.set(tag, m);
  }
  return { dir, files: new FilesystemDriver({ rootdirectory: dir }), manifests };
}

/** GET/HEAD of a manifest or blob of the served image; false when the request is not one. */
function serve(image: ServedImage, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const manifest = /^\/v2\/.+\/manifests\/([^/]+)$/.exec(path);
  const blob = /^\/v2\/.+\/blobs\/(sha256:[a-f0-9]{64})$/.exec(path);
  const found = manifest ? image.manifests.get(manifest[1]) : blob ? { digest: blob[1], mediaType: 'application/octet-stream' } : undefined;
  if (!found) return false;
  const file = `/blobs/sha256/${found.digest.slice('sha256:'.length)}`;
  let size: number;
  try {
    size = statSync(join(image.dir, file)).size;
  } catch {
    return false;
  }
  res.writeHead(200, {
    'Content-Length': String(size), 'Content-Type': found.mediaType, 'Docker-Content-Digest': found.digest,
    'Docker-Distribution-API-Version': 'registry/2.0',
  });
  if (req.method === 'HEAD') res.end();
  else image.files.copyTo(file, 0, size, res).then(() => res.end(), () => res.destroy());
  return true;
}

async function handle(req: IncomingMessage, res: ServerResponse, image: ServedImage | null): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sink');
  const path = url.pathname;
  const body = await drain(req);
  const upload = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/.exec(path);
  const end = (status: number, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Length': '0', 'Docker-Distribution-API-Version': 'registry/2.0', ...headers });
    res.end();
  };
  if (path === '/v2/' || path === '/v2') return end(200);
  if (image && serve(image, req, res, path)) return;
  if (upload && req.method === 'POST') {
    const id = randomUUID();
    return end(202, { Location: `/v2/${upload[1]}/blobs/uploads/${id}`, 'Docker-Upload-UUID': id, Range: '0-0' });
  }
  if (upload && req.method === 'PATCH') return end(202, { Location: path, 'Docker-Upload-UUID': upload[2], Range: '0-0' });
  if (upload && req.method === 'PUT') {
    const digest = url.searchParams.get('digest') ?? '';
    return end(201, { Location: `/v2/${upload[1]}/blobs/${digest}`, 'Docker-Content-Digest': digest });
  }
  const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path);
  if (manifest && req.method === 'PUT' && body) {
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    return end(201, { Location: `/v2/${manifest[1]}/manifests/${digest}`, 'Docker-Content-Digest': digest });
  }
  return end(404);
}

/** A do-nothing registry; with `layoutDir`, it also serves the OCI layout there for pulls. */
export async function startSinkRegistry(layoutDir?: string): Promise<SinkRegistry> {
  const image = layoutDir ? readLayout(layoutDir) : null;
  const server = createServer((req, res) => {
    handle(req, res, image).catch(() => { res.statusCode = 500; res.end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
