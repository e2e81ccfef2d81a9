// `npm start`: sets the checkout up (see setup.mjs) and starts the suite: core (which creates the admin
// and the token signing certificate on its first start), the registry in token mode trusting that
// certificate, and the proxy in front of both. Each service applies pending migrations itself.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { setup } from './setup.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
setup();

const env = process.env;
const services = [
  { name: 'core', args: ['services/core/dist/main.js', env.CORE_CONFIG ?? 'services/core/config.local.yml'] },
  {
    name: 'registry',
    args: ['services/registry/dist/main.js', 'serve', env.REGISTRY_CONFIG ?? 'services/registry/config.local.yml'],
    // The registry trusts core's certificate: wait until core has written it (first start) or it exists.
    waitFor: env.REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE ?? join(root, '.data/core/token/root.crt'),
  },
  { name: 'proxy', args: ['services/proxy/dist/main.js', env.PROXY_CONFIG ?? 'services/proxy/config.local.yml'] },
];

const children = [];
let stopping = false;

function stopAll() {
  stopping = true;
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
}
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

for (const { name, args, waitFor } of services) {
  if (waitFor) {
    for (let waited = 0; !existsSync(waitFor); waited += 100) {
      if (stopping) process.exit(1);
      if (waited > 60_000) {
        console.error(`${name}: ${waitFor} did not appear`);
        stopAll();
        process.exit(1);
      }
      await sleep(100);
    }
  }
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`${name} exited (${signal ?? code}); stopping the suite`);
    stopAll();
    process.exitCode = code ?? 1;
  });
  children.push(child);
}
