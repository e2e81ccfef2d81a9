// Response headers the entry point adds to everything it serves, as Harbor's nginx does: HSTS on TLS, and
// no framing or MIME sniffing of the portal and API. Set before proxying, so an upstream that sends its own
// value for one of them wins.
import type { TLSSocket } from 'node:tls';
import type { Step } from '../chain.js';

export const HSTS = 'max-age=31536000; includeSubDomains; preload';

export function securityHeaders(): Step {
  return (req, res, next) => {
    if ((req.socket as TLSSocket).encrypted) res.setHeader('Strict-Transport-Security', HSTS);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  };
}
