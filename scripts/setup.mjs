// Brings a checkout to a runnable state: pnpm (through npm when missing), dependencies, the Prisma
// client, the TypeScript build, and the web console's production build (only when its sources changed). Idempotent; every step is skipped or fast when already done.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '12.21.0';

function run(cmd, opts = {}) {
  execSync(cmd, { cwd: root, stdio: 'inherit', ...opts });
}
function has(cmd) {
  try { execSync(`command -v ${cmd}`, { stdio: 'ignore', shell: '/bin/sh' }); return true; } catch { return false; }
}

export function setup({ build = true } = {}) {
  if (!has('pnpm')) run(`npm install -g pnpm@${PNPM_VERSION}`);
  run('pnpm install --frozen-lockfile --reporter=append-only');
  if (existsSync(join(root, 'packages/db/prisma/schema.prisma'))) run('pnpm --filter @harbor/db run generate');
  if (build) {
    run('pnpm exec tsc -b tsconfig.build.json');
    if (portalStale()) run('pnpm --filter @harbor/portal run build:web');
  }
}

/** The console's build is older than any of its sources (or missing). */
function portalStale() {
  const portal = join(root, 'services/portal');
  const built = join(portal, 'dist/web/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = [join(portal, 'src/app'), join(portal, 'index.html'), join(portal, 'vite.config.ts'), join(portal, 'public'),
    join(portal, 'package.json'), join(root, 'packages/client/src'), join(root, 'pnpm-lock.yaml')];
  return sources.some((p) => newestMtime(p) > builtAt);
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) setup();
