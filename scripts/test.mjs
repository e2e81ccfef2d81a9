// Runs every test of the workspace with node's test runner, after setup. Optional arguments narrow the
// run to files under the given paths (e.g. `npm test -- packages/storage`).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.data', '.tmp', 'generated']);

function collect(dir, out) {
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry)) continue;
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (/\.test\.ts$/.test(entry)) out.push(relative(root, p));
  }
  return out;
}

const filters = process.argv.slice(2);
if (!process.env.SKIP_SETUP) {
  setup();
  // Test files are not part of the build; type-check them too, so a test cannot drift from the code.
  const tc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.tests.json'], { cwd: root, stdio: 'inherit' });
  if (tc.status !== 0) process.exit(tc.status ?? 1);
}
const roots = ['test', 'packages', 'services', 'e2e'];
let files = roots.flatMap((r) => collect(join(root, r), []));
if (filters.length) files = files.filter((f) => filters.some((x) => f.startsWith(x.replace(/^\.\//, ''))));
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  ['--conditions=development', '--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(res.status ?? 1);
