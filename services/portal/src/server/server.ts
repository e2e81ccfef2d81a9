// Composition root: the built files, the app, the listener. Used by main.ts and by tests in-process.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseListenAddress } from '@harbor/config';
import { createLogger, type Logger } from '@harbor/telemetry';
import type { PortalConfig } from './config.js';
import { createApp } from './app.js';
import { loadStaticFiles } from './static-files.js';

export interface RunningPortal {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startPortal(config: PortalConfig, logger: Logger = createLogger('portal', config.log.level)): Promise<RunningPortal> {
  if (!existsSync(join(config.webRoot, 'index.html'))) {
    throw new Error(`no built console at ${config.webRoot} (run the setup, which builds it)`);
  }
  const files = loadStaticFiles(config.webRoot);
  const app = createApp(files);
  const { host, port } = parseListenAddress(config.http.addr);
  const server: Server = createServer({ keepAliveTimeout: 75_000 }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host || undefined, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  logger.info({ addr: `${shown}:${bound}`, files: files.size }, 'portal listening');
  return {
    url: `http://${shown}:${bound}`,
    port: bound,
    close: () => new Promise((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
