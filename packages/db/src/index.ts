// @harbor/db: the Prisma schema, its migrations, the client factory and the start-up migrator.
export { createPrismaClient, queryRows, queryText, prismaErrorCode, isUniqueViolation, isRecordNotFound } from './client.js';
export type { DbClient, PrismaClientOptions, QueryOptions } from './client.js';
export { sqlTxOf } from './client.js';
export { ArtifactReferencedError, deleteArtifactDeeply, releaseProjectBlobs as releaseProjectBlobsSql, type DeleteOutcome, type SqlTx } from './artifact-delete.js';
export { migrateDatabase, ensureDatabase, migrationsDir } from './migrate.js';
export type { MigrateOptions, MigrateResult } from './migrate.js';
export { PrismaClient, Prisma } from './generated/prisma/client.js';
export type {
  Project,
  Repository,
  Artifact,
  Tag,
  Blob,
  ArtifactBlob,
  ArtifactReference,
  Accessory,
  RepositoryBlob,
  ProjectBlob,
} from './generated/prisma/client.js';
export { isStorableText, isStorableJson, isInt32Id, INT32_MAX, escapeLike } from './text.js';
