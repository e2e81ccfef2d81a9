// Brings a checkout to a runnable state: pnpm (through npm when missing), dependencies, the Prisma
// client, and the TypeScript build. Idempotent; every step is skipped or fast when already done.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  if (build) run('pnpm exec tsc -b tsconfig.build.json');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) setup();
