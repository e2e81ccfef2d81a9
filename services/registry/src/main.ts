#!/usr/bin/env node
// Entry point: `node dist/main.js serve <config.yml>`, as `registry serve config.yml` for distribution.
import { createLogger } from '@harbor/telemetry';
import { loadRegistryConfig } from './config.js';
import { startRegistry } from './server.js';

async function main(argv: string[]): Promise<void> {
  const [command, configPath] = argv;
  if (command !== 'serve') {
    process.stderr.write('usage: harbor-registry serve [config.yml]\n');
    process.exit(2);
  }
  const config = loadRegistryConfig(configPath, process.env);
  const logger = createLogger('registry', config.log.level);
  const registry = await startRegistry(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    registry.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`registry: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
