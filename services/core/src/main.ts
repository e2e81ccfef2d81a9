#!/usr/bin/env node
// Entry point: `node services/core/dist/main.js [config.yml]`; `… main.js migrate [config.yml]` only
// creates the database if missing, applies pending migrations and exits (the Helm chart's pre-upgrade Job).
import { ensureDatabase, migrateDatabase } from '@harbor/db/sql';
import { createLogger } from '@harbor/telemetry';
import { loadCoreConfig } from './config.js';
import { startCore } from './server.js';

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'migrate') {
    const config = loadCoreConfig(argv[1], process.env);
    const logger = createLogger('core', config.log.level);
    await ensureDatabase(config.database.url);
    const { applied } = await migrateDatabase(config.database.url, { log: (msg) => logger.info(msg) });
    logger.info({ applied: applied.length }, 'database schema up to date');
    return;
  }
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
