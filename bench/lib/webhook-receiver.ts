// A webhook receiver for the jobs benchmark: answers every POST with 200 at once and counts what came,
// and which deliveries (by the `seq` each body carries), so duplicates and losses both show.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  /** Requests received. */
  readonly received: number;
  /** Distinct deliveries received (bodies with different `seq`). */
  readonly distinct: number;
  /** Requests whose body was not a delivery of this run. */
  readonly malformed: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let received = 0;
  let malformed = 0;
  const seen = new Set<number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received++;
      try {
        const seq = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event_data?: { seq?: unknown } }).event_data?.seq;
        if (typeof seq === 'number') seen.add(seq);
        else malformed++;
      } catch {
        malformed++;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    get received() { return received; },
    get distinct() { return seen.size; },
    get malformed() { return malformed; },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
