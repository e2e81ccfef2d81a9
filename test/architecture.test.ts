// The workspace's dependency direction (DESIGN.md): services → packages; packages never import services;
// no service imports another; contracts import nothing of ours. Checked over every source file's imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const SERVICES = readdirSync(join(root, 'services'));

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (['node_modules', 'dist', 'generated'].includes(entry)) continue;
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|tsx|mts)$/.test(entry)) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** The workspace unit ('services/x' or 'packages/y') a file or import target lies in. */
function unitOf(path: string): string | null {
  const parts = relative(root, path).split(sep);
  return parts[0] === 'services' || parts[0] === 'packages' ? `${parts[0]}/${parts[1]}` : null;
}

function violations(): string[] {
  const found: string[] = [];
  for (const top of ['services', 'packages']) {
    for (const unit of readdirSync(join(root, top))) {
      const self = `${top}/${unit}`;
      for (const file of sources(join(root, top, unit))) {
        for (const spec of imports(file)) {
          let target: string | null = null;
          if (spec.startsWith('@harbor/')) {
            const name = spec.split('/')[1];
            target = SERVICES.includes(name) ? `services/${name}` : `packages/${name}`;
          } else if (spec.startsWith('.')) {
            target = unitOf(resolve(file, '..', spec));
          }
          if (!target || target === self) continue;
          const where = `${relative(root, file)} imports ${spec}`;
          if (top === 'packages' && target.startsWith('services/')) found.push(`${where}: a package imports a service`);
          if (top === 'services' && target.startsWith('services/')) found.push(`${where}: a service imports another service`);
          if (self === 'packages/contracts') found.push(`${where}: contracts import nothing of ours`);
          if (spec.startsWith('.')) found.push(`${where}: cross-unit relative import (use the package name)`);
        }
      }
    }
  }
  return found;
}

test('imports follow the dependency direction of the design', () => {
  assert.deepEqual(violations(), []);
});
