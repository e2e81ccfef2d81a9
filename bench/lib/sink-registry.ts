// The client's floor: a registry that does nothing. It speaks just enough of the push protocol for skopeo
// (blob HEAD → 404, upload POST/PATCH/PUT, manifest PUT) and throws every byte away unhashed and unstored,
// without auth. Pushing to it measures the client and the loopback alone, so a push time below it is out
// of any registry's reach: the best push ratio any registry can show against distribution is
// distribution's time / the floor.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sink');
  const path = url.pathname;
  const body = await drain(req);
  const upload = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/.exec(path);
  const end = (status: number, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Length': '0', 'Docker-Distribution-API-Version': 'registry/2.0', ...headers });
    res.end();
  };
  if (path === '/v2/' || path === '/v2') return end(200);
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

export async function startSinkRegistry(): Promise<SinkRegistry> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => { res.statusCode = 500; res.end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
