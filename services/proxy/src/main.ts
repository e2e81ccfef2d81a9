#!/usr/bin/env node
// Entry point: `node dist/main.js [config.yml]`; every key can also come from PROXY_<SECTION>_<KEY>.
import { createLogger } from '@harbor/telemetry';
import { loadProxyConfig } from './config.js';
import { startProxy } from './server.js';

async function main(argv: string[]): Promise<void> {
  if (argv.length > 1 || argv[0] === '-h' || argv[0] === '--help') {
    process.stderr.write('usage: harbor-proxy [config.yml]\n');
    process.exit(2);
  }
  const config = loadProxyConfig(argv[0], process.env);
  const logger = createLogger('proxy', config.log.level);
  const proxy = await startProxy(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    proxy.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`proxy: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
