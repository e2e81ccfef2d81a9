// The debug listener (distribution's `http.debug.addr`): Prometheus metrics at /metrics and a liveness
// probe at /debug/health, kept off the public port.
import { createServer, type Server } from 'node:http';
import type { Metrics } from '@harbor/telemetry';

export async function startDebugServer(metrics: Metrics, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
        res.end(text);
      }, () => {
        res.writeHead(500).end();
      });
      return;
    }
    if (req.method === 'GET' && req.url === '/debug/health') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
