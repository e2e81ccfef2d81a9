// `npm start`: sets the checkout up (see setup.mjs) and starts the suite. At this stage the suite is the
// registry; it applies pending database migrations itself before listening.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { setup } from './setup.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
setup();

const services = [
  { name: 'registry', args: ['services/registry/dist/main.js', 'serve', process.env.REGISTRY_CONFIG ?? 'services/registry/config.local.yml'] },
];

const children = services.map(({ name, args }) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    console.error(`${name} exited (${signal ?? code})`);
    stopAll();
    process.exitCode = code ?? 1;
  });
  return child;
});

function stopAll() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
}
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
