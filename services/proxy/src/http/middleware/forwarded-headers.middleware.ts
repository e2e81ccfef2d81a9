// What upstreams learn about the client: X-Forwarded-Proto/-Host/-For and X-Real-IP as Harbor's nginx sets
// them. Values a client sends itself are dropped (they would let anyone claim another address or scheme)
// unless the proxy sits behind another trusted proxy; then the chain is kept and extended. Also removes
// hop-by-hop request headers, which describe the client's connection and not our pooled one.
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { Step } from '../chain.js';

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'expect'];
// Node answers `Expect: 100-continue` itself before the request reaches us; forwarding it would make
// http-proxy skip its proxyReq hook and the upstream send a second 100.

const wantsClose = new WeakSet<IncomingMessage>();

export function clientWantsClose(req: IncomingMessage): boolean {
  return wantsClose.has(req);
}

export function forwardedHeaders(options: { trust: boolean }): Step {
  return (req, _res, next) => {
    const h = req.headers;
    const connection = typeof h.connection === 'string' ? h.connection.toLowerCase() : '';
    if (/\bclose\b/.test(connection)) wantsClose.add(req);
    for (const name of connection.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (name !== 'host' && name !== 'transfer-encoding' && name !== 'content-length') delete h[name];
    }
    for (const name of HOP_BY_HOP) delete h[name];

    const clientIp = normalizeIp(req.socket.remoteAddress ?? '');
    const proto = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
    const incoming = {
      for: single(h['x-forwarded-for']),
      proto: single(h['x-forwarded-proto']),
      host: single(h['x-forwarded-host']),
      realIp: single(h['x-real-ip']),
    };
    for (const name of Object.keys(h)) {
      if (name.startsWith('x-forwarded-') || name === 'x-real-ip' || name === 'forwarded') delete h[name];
    }
    if (options.trust) {
      h['x-forwarded-for'] = incoming.for ? `${incoming.for}, ${clientIp}` : clientIp;
      h['x-forwarded-proto'] = incoming.proto ?? proto;
      if (incoming.host ?? h.host) h['x-forwarded-host'] = incoming.host ?? h.host;
      h['x-real-ip'] = incoming.realIp ?? clientIp;
    } else {
      h['x-forwarded-for'] = clientIp;
      h['x-forwarded-proto'] = proto;
      if (h.host) h['x-forwarded-host'] = h.host;
      h['x-real-ip'] = clientIp;
    }
    next();
  };
}

function single(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const joined = Array.isArray(value) ? value.join(', ') : value;
  return joined.trim() || undefined;
}

/** IPv4 clients of a dual-stack listener appear as `::ffff:a.b.c.d`; upstreams expect `a.b.c.d`. */
function normalizeIp(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
