// Writes prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the existing
// migrations and prisma/schema.prisma. Stands in for `prisma migrate dev --create-only`, which with the
// WebAssembly schema engine of Prisma 6.19.3 writes the file but then crashes ("null pointer passed to
// rust"), and `migrate dev`, which fails on its second use of the shadow database.
// Usage: pnpm --filter @harbor/db run migration:create <name>   (DATABASE_URL: any database on the server
// that may host the temporary shadow database; default the local server's `postgres`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: create-migration.mjs <name>   (lower-case letters, digits and _)');
  process.exit(2);
}
const res = spawnSync(
  join(root, 'node_modules/.bin/prisma'),
  ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'postgresql://root@127.0.0.1:5432/postgres' },
  },
);
if (res.status !== 0) {
  process.stderr.write(res.stderr || res.stdout);
  process.exit(res.status ?? 1);
}
const sql = res.stdout;
if (!sql.trim() || /^-- This is an empty migration\.\s*$/.test(sql.trim())) {
  console.log('schema.prisma matches the migrations: nothing to write');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join(root, 'prisma/migrations', `${stamp}_${name}`);
mkdirSync(dir);
writeFileSync(join(dir, 'migration.sql'), sql);
console.log(`wrote ${join('prisma/migrations', `${stamp}_${name}`, 'migration.sql')}`);
