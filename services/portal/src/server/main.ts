#!/usr/bin/env node
// Entry point: `node dist/server/main.js [config.yml]`; every key can also come from PORTAL_<SECTION>_<KEY>.
import { createLogger } from '@harbor/telemetry';
import { loadPortalConfig } from './config.js';
import { startPortal } from './server.js';

async function main(argv: string[]): Promise<void> {
  if (argv.length > 1 || argv[0] === '-h' || argv[0] === '--help') {
    process.stderr.write('usage: harbor-portal [config.yml]\n');
    process.exit(2);
  }
  const config = loadPortalConfig(argv[0], process.env);
  const logger = createLogger('portal', config.log.level);
  const portal = await startPortal(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    portal.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`portal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
