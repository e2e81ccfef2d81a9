// The proxy's request pipeline as plain Node handlers run in order: each step answers the request or
// passes it on with next(). No framework in between: on the hot path (every registry request) a router
// layer costs more than the forwarding itself.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export type Next = (err?: unknown) => void;
export type Step = (req: IncomingMessage, res: ServerResponse, next: Next) => void;
export type ErrorStep = (err: unknown, req: IncomingMessage, res: ServerResponse) => void;

/** One request listener running `steps` in order; a thrown or passed error, or no step answering, ends in `onError`. */
export function chain(steps: readonly Step[], onError: ErrorStep): RequestListener {
  return (req, res) => {
    let index = 0;
    const next: Next = (err) => {
      if (err !== undefined) return onError(err, req, res);
      const step = steps[index++];
      if (!step) return onError(new Error(`no step answered ${req.method} request`), req, res);
      try {
        step(req, res, next);
      } catch (thrown) {
        onError(thrown, req, res);
      }
    };
    next();
  };
}
