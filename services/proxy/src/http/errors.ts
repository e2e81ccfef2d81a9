// The one place the proxy answers on its own behalf with an error: each surface gets its own wire format
// (OCI errors on /v2, Harbor's on the API, a small page for the portal), so clients parse our failures the
// way they parse the upstream's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import accepts from 'accepts';
import type { Surface } from './routes/route-table.js';

export type ProxyErrorKind = 'bad-gateway' | 'gateway-timeout' | 'not-found' | 'bad-request' | 'portal-missing';

const CATALOG: Record<ProxyErrorKind, { status: number; oci: string; harbor: string }> = {
  'bad-gateway': { status: 502, oci: 'UNAVAILABLE', harbor: 'SERVICE_UNAVAILABLE' },
  'gateway-timeout': { status: 504, oci: 'UNAVAILABLE', harbor: 'SERVICE_UNAVAILABLE' },
  'not-found': { status: 404, oci: 'NOT_FOUND', harbor: 'NOT_FOUND' },
  'bad-request': { status: 400, oci: 'UNSUPPORTED', harbor: 'BAD_REQUEST' },
  'portal-missing': { status: 503, oci: 'UNAVAILABLE', harbor: 'SERVICE_UNAVAILABLE' },
};

export function writeProxyError(req: IncomingMessage, res: ServerResponse, surface: Surface, kind: ProxyErrorKind, message: string): void {
  if (res.headersSent) {
    // Part of an upstream response is already on the wire: cutting the connection is the only honest signal.
    res.destroy();
    return;
  }
  const entry = CATALOG[kind];
  res.statusCode = entry.status;
  let body: string;
  if (surface === 'registry') {
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    body = JSON.stringify({ errors: [{ code: entry.oci, message }] });
  } else if (surface === 'portal' && accepts(req).type(['html', 'json']) === 'html') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    body = `<!doctype html><html><head><title>${entry.status}</title></head><body><h1>${entry.status}</h1><p>${escapeHtml(message)}</p></body></html>\n`;
  } else {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    body = JSON.stringify({ errors: [{ code: entry.harbor, message }] });
  }
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
