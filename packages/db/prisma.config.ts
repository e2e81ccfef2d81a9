// Prisma CLI configuration: the WebAssembly schema engine over our pg adapter, so generate, migrate and
// db commands run with no native engine binary (which cannot be downloaded on these machines).
import { defineConfig } from 'prisma/config';
import { CliPgAdapterFactory } from './src/pg-adapter.js';

const databaseUrl = process.env.DATABASE_URL;
// Prisma 6 resolves the schema's env("DATABASE_URL") even for `generate`; when that fails it assumes the
// native query engine and tries to download it, which fails offline. Generate never connects, so any
// well-formed URL will do; commands that connect get the real one (or the error below) via `adapter`.
process.env.DATABASE_URL ??= 'postgresql://unused@127.0.0.1:5432/unused';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    if (!databaseUrl) throw new Error('DATABASE_URL is not set (e.g. postgresql://root@127.0.0.1:5432/harbor)');
    return new CliPgAdapterFactory(databaseUrl);
  },
});
