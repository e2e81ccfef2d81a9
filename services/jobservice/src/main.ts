#!/usr/bin/env node
// Entry point: `node dist/main.js [config.yml]`; every key can also come from JOBSERVICE_<SECTION>_<KEY>.
import { createLogger } from '@harbor/telemetry';
import { loadJobserviceConfig } from './config.js';
import { startJobservice } from './server.js';

async function main(argv: string[]): Promise<void> {
  if (argv.length > 1 || argv[0] === '-h' || argv[0] === '--help') {
    process.stderr.write('usage: harbor-jobservice [config.yml]\n');
    process.exit(2);
  }
  const config = loadJobserviceConfig(argv[0], process.env);
  const logger = createLogger('jobservice', config.log.level);
  const service = await startJobservice(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: running jobs finish or are taken over by another replica');
    service.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`jobservice: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
