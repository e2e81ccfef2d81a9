#!/usr/bin/env node
// Entry point: `node services/core/dist/main.js [config.yml]`.
import { createLogger } from '@harbor/telemetry';
import { loadCoreConfig } from './config.js';
import { startCore } from './server.js';

async function main(argv: string[]): Promise<void> {
  const config = loadCoreConfig(argv[0], process.env);
  const logger = createLogger('core', config.log.level);
  const core = await startCore(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    core.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`core: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
