// The hop's floor: the least a Node.js reverse proxy can do, run as its own process. Each request is
// forwarded as it came (method, path, headers) over a keep-alive connection and both bodies are piped,
// with no routing, logging, header rewriting or error handling. Prints `listening <port>` once up.
// Usage: node --import tsx pipe-proxy-server.ts <upstream-url>
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const upstream = new URL(process.argv[2] ?? '');
const agent = new Agent({ keepAlive: true });
const server = createServer((req, res) => {
  const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on('error', () => res.destroy());
  req.pipe(out);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
