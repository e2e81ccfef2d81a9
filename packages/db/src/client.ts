// Builds the Prisma client every service uses: the generated client over our pg driver adapter (no native
// query engine), plus small helpers for recognising Prisma's error codes without importing its runtime.
import { PrismaClient, Prisma } from './generated/prisma/client.js';
import { createPgAdapterFactory } from './pg-adapter.js';

export interface PrismaClientOptions {
  /** Maximum pooled connections (pg `max`); default 10. */
  poolSize?: number;
}

/** A client bound to `databaseUrl`. Call `$disconnect()` when done; it closes the pool. */
export function createPrismaClient(databaseUrl: string, opts: PrismaClientOptions = {}): PrismaClient {
  return new PrismaClient({ adapter: createPgAdapterFactory(databaseUrl, opts) });
}

/** What a repository method accepts: the root client or the client of an interactive transaction. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

/** The Prisma error code (`P2002` unique violation, `P2025` record not found, ...) or undefined. */
export function prismaErrorCode(err: unknown): string | undefined {
  return err instanceof Prisma.PrismaClientKnownRequestError ? err.code : undefined;
}

export const isUniqueViolation = (err: unknown): boolean => prismaErrorCode(err) === 'P2002';
export const isRecordNotFound = (err: unknown): boolean => prismaErrorCode(err) === 'P2025';

/** A Prisma client (or transaction) as the plain-SQL helpers' client (`$n` parameters, rows back). */
export function sqlTxOf(client: DbClient): import('./artifact-delete.js').SqlTx {
  return { query: async <T>(text: string, values: unknown[] = []) => ({ rows: await client.$queryRawUnsafe<T[]>(text, ...values) }) };
}
