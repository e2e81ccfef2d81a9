// The generated client over the pg adapter, against a migrated real database: CRUD of the registry
// tables, the unique constraints (P2002), cascading deletes, BigInt sizes, JSON columns and raw catalog
// queries (the "name"/"char" column fix).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '@harbor/testkit';
import {
  createPrismaClient,
  isRecordNotFound,
  isUniqueViolation,
  migrateDatabase,
  prismaErrorCode,
  Prisma,
  queryRows,
  type PrismaClient,
  type Repository,
} from '../src/index.js';

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const HUGE = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a JS number

describe('prisma client', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let libraryId: number;
  let seq = 0;

  before(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url);
    prisma = createPrismaClient(db.url, { poolSize: 4 });
    libraryId = (await prisma.project.findUniqueOrThrow({ where: { name: 'library' } })).id;
  });
  after(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function newRepo(): Promise<Repository> {
    return prisma.repository.create({ data: { name: `library/repo-${++seq}`, projectId: libraryId } });
  }
  function artifactData(repo: Repository, n: number, size = 1234n) {
    return {
      type: 'IMAGE',
      mediaType: 'application/vnd.oci.image.config.v1+json',
      manifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
      projectId: repo.projectId,
      repositoryId: repo.id,
      repositoryName: repo.name,
      digest: digest(n),
      size,
    };
  }

  test('creates and reads repository, artifact and tag with defaults, JSON and BigInt sizes', async () => {
    const repo = await newRepo();
    assert.equal(repo.description, '');
    assert.equal(repo.pullCount, 0);
    const art = await prisma.artifact.create({
      data: { ...artifactData(repo, 1, HUGE), annotations: { 'org.opencontainers.image.title': 'x' }, extraAttrs: { os: 'linux' } },
    });
    assert.equal(typeof art.size, 'bigint');
    assert.equal(art.size, HUGE);
    assert.ok(art.pushTime instanceof Date);
    assert.equal(art.pullTime, null);
    assert.equal(art.subjectDigest, null);
    await prisma.tag.create({ data: { repositoryId: repo.id, artifactId: art.id, name: 'latest' } });

    const found = await prisma.artifact.findUniqueOrThrow({
      where: { repositoryId_digest: { repositoryId: repo.id, digest: digest(1) } },
      include: { tags: true },
    });
    assert.equal(found.size, HUGE);
    assert.deepEqual(found.annotations, { 'org.opencontainers.image.title': 'x' });
    assert.deepEqual(found.extraAttrs, { os: 'linux' });
    assert.deepEqual(found.tags.map((t) => t.name), ['latest']);

    const blob = await prisma.blob.create({ data: { digest: digest(1000), contentType: 'application/octet-stream', size: HUGE } });
    assert.equal(blob.status, 'none');
    assert.equal(blob.version, 0);
    const sum = await prisma.blob.aggregate({ _sum: { size: true } });
    assert.equal(sum._sum.size, HUGE);
  });

  test('enforces unique tag per repository and artifact digest per repository (P2002)', async () => {
    const repo = await newRepo();
    const other = await newRepo();
    const a1 = await prisma.artifact.create({ data: artifactData(repo, 2) });
    const a2 = await prisma.artifact.create({ data: artifactData(repo, 3) });
    await prisma.tag.create({ data: { repositoryId: repo.id, artifactId: a1.id, name: 'v1' } });

    const dupTag = await prisma.tag
      .create({ data: { repositoryId: repo.id, artifactId: a2.id, name: 'v1' } })
      .then(() => null, (e: unknown) => e);
    assert.equal(prismaErrorCode(dupTag), 'P2002');
    assert.ok(isUniqueViolation(dupTag));

    const dupArtifact = await prisma.artifact.create({ data: artifactData(repo, 2) }).then(() => null, (e: unknown) => e);
    assert.ok(isUniqueViolation(dupArtifact));

    // The same digest and tag name are fine in another repository.
    const a3 = await prisma.artifact.create({ data: artifactData(other, 2) });
    await prisma.tag.create({ data: { repositoryId: other.id, artifactId: a3.id, name: 'v1' } });

    const dupRepo = await prisma.repository.create({ data: { name: repo.name, projectId: libraryId } }).then(() => null, (e: unknown) => e);
    assert.ok(isUniqueViolation(dupRepo));

    const missing = await prisma.tag.delete({ where: { id: 999_999 } }).then(() => null, (e: unknown) => e);
    assert.ok(isRecordNotFound(missing));
  });

  test('deleting an artifact cascades to its tags, references and accessories', async () => {
    const repo = await newRepo();
    const index = await prisma.artifact.create({ data: artifactData(repo, 10) });
    const child = await prisma.artifact.create({ data: artifactData(repo, 11) });
    const sig = await prisma.artifact.create({ data: { ...artifactData(repo, 12), subjectDigest: digest(11) } });
    await prisma.tag.create({ data: { repositoryId: repo.id, artifactId: index.id, name: 'multi' } });
    await prisma.artifactReference.create({
      data: { parentId: index.id, childId: child.id, childDigest: child.digest, platform: { os: 'linux', architecture: 'amd64' } },
    });
    await prisma.accessory.create({
      data: {
        artifactId: sig.id,
        subjectArtifactId: child.id,
        subjectArtifactRepo: repo.name,
        subjectArtifactDigest: child.digest,
        type: 'signature.cosign',
        size: 42n,
        digest: sig.digest,
      },
    });
    const referrers = await prisma.artifact.findMany({ where: { repositoryId: repo.id, subjectDigest: digest(11) } });
    assert.deepEqual(referrers.map((a) => a.id), [sig.id]);

    await prisma.artifact.delete({ where: { id: child.id } });
    assert.equal(await prisma.artifactReference.count({ where: { parentId: index.id } }), 0);
    await prisma.artifact.delete({ where: { id: sig.id } });
    assert.equal(await prisma.accessory.count({ where: { subjectArtifactRepo: repo.name } }), 0);
    await prisma.artifact.delete({ where: { id: index.id } });
    assert.equal(await prisma.tag.count({ where: { repositoryId: repo.id } }), 0);
  });

  test('deleting a repository or project cascades; deleting a blob removes its links', async () => {
    const project = await prisma.project.create({ data: { name: `proj-${++seq}` } });
    assert.equal(project.public, false);
    assert.equal(project.ownerId, 1);
    const repo = await prisma.repository.create({ data: { name: `${project.name}/app`, projectId: project.id } });
    const art = await prisma.artifact.create({ data: artifactData(repo, 20) });
    await prisma.tag.create({ data: { repositoryId: repo.id, artifactId: art.id, name: 'latest' } });
    const blob = await prisma.blob.create({ data: { digest: digest(2000), contentType: 'application/octet-stream', size: 5n } });
    await prisma.repositoryBlob.create({ data: { repositoryId: repo.id, blobId: blob.id } });
    await prisma.projectBlob.create({ data: { projectId: project.id, blobId: blob.id } });
    const dupLink = await prisma.repositoryBlob.create({ data: { repositoryId: repo.id, blobId: blob.id } }).then(() => null, (e: unknown) => e);
    assert.ok(isUniqueViolation(dupLink));

    await prisma.repository.delete({ where: { id: repo.id } });
    assert.equal(await prisma.artifact.count({ where: { repositoryId: repo.id } }), 0);
    assert.equal(await prisma.tag.count({ where: { repositoryId: repo.id } }), 0);
    assert.equal(await prisma.repositoryBlob.count({ where: { blobId: blob.id } }), 0);
    assert.equal(await prisma.projectBlob.count({ where: { blobId: blob.id } }), 1);

    await prisma.blob.delete({ where: { id: blob.id } });
    assert.equal(await prisma.projectBlob.count({ where: { projectId: project.id } }), 0);

    const repo2 = await prisma.repository.create({ data: { name: `${project.name}/other`, projectId: project.id } });
    await prisma.project.delete({ where: { id: project.id } });
    assert.equal(await prisma.repository.count({ where: { id: repo2.id } }), 0);
  });

  test('interactive transactions roll back on error', async () => {
    const repo = await newRepo();
    await assert.rejects(
      prisma.$transaction(async (tx) => {
        await tx.artifact.create({ data: artifactData(repo, 30) });
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.equal(await prisma.artifact.count({ where: { repositoryId: repo.id } }), 0);
  });

  test('raw queries over catalog columns of type name and "char" work', async () => {
    const rows = await prisma.$queryRaw<Array<{ datname: string }>>`SELECT datname FROM pg_database WHERE datname = current_database()`;
    assert.deepEqual(rows, [{ datname: db.name }]);
    const kinds = await prisma.$queryRaw<Array<{ relkind: string }>>`SELECT relkind FROM pg_class WHERE relname = 'artifact'`;
    assert.deepEqual(kinds, [{ relkind: 'r' }]);
  });

  test('queryRows returns what $queryRaw returns, straight from the pool, and through Prisma inside a transaction', async () => {
    const repo = await newRepo();
    await prisma.artifact.create({ data: artifactData(repo, 40, HUGE) });
    const query = Prisma.sql`
      SELECT a.id, a.size, a.push_time, a.extra_attrs, count(*) OVER () AS total, sum(a.size) OVER () AS summed,
             ARRAY[a.size, 1::int8] AS sizes, ARRAY[a.digest] AS digests, a.push_time::timestamp AS push_plain,
             '2026-01-02 03:04:05.678'::timestamp AS fixed, ${'x'}::text AS param, NULL::int AS nothing, true AS yes,
             '2026-01-02'::date AS day, ARRAY['1.5'::numeric, NULL] AS decimals, ARRAY['2026-01-02 03:04:05'::timestamp] AS stamps
      FROM artifact a WHERE a.repository_id = ${repo.id} AND a.push_time < ${new Date(Date.now() + 60_000)}`;
    const viaPrisma = await prisma.$queryRaw<Array<Record<string, unknown>>>(query);
    const direct = await queryRows<Record<string, unknown>>(prisma, query);
    assert.equal(direct.length, 1);
    assert.deepEqual(direct, viaPrisma);
    assert.equal(direct[0].size, HUGE);
    assert.equal(direct[0].total, 1n);
    assert.ok(direct[0].summed instanceof Prisma.Decimal);
    assert.deepEqual(direct[0].sizes, [HUGE, 1n]);
    assert.deepEqual(direct[0].fixed, new Date('2026-01-02T03:04:05.678Z'));
    assert.deepEqual(direct[0].day, new Date('2026-01-02T00:00:00Z'));
    assert.ok((direct[0].decimals as unknown[])[0] instanceof Prisma.Decimal);
    assert.ok(direct[0].push_time instanceof Date);
    // inside a transaction the statement must see the transaction's own writes
    const inTx = await prisma.$transaction(async (tx) => {
      await tx.artifact.create({ data: artifactData(repo, 41) });
      return queryRows<{ n: bigint }>(tx, Prisma.sql`SELECT count(*) AS n FROM artifact WHERE repository_id = ${repo.id}`);
    });
    assert.deepEqual(inTx, [{ n: 2n }]);
    // the two paths really differ: the pool reports PostgreSQL's own error, Prisma its wrapped one
    const missing = Prisma.sql`SELECT 1 FROM no_such_table`;
    await assert.rejects(queryRows(prisma, missing), (err: { code?: string }) => err.code === '42P01');
    await assert.rejects(prisma.$transaction((tx) => queryRows(tx, missing)), (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError);
  });
});

describe('prisma client on a server whose default time zone is not UTC', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  before(async () => {
    db = await createTestDatabase();
    await migrateDatabase(db.url);
    const admin = createPrismaClient(db.url, { poolSize: 1 });
    await admin.$executeRawUnsafe(`ALTER DATABASE "${db.name}" SET timezone = 'Asia/Kolkata'`);
    await admin.$disconnect();
    prisma = createPrismaClient(db.url, { poolSize: 2 });
  });
  after(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  test('instants read back as written, through the model API, $queryRaw and queryRows alike', async () => {
    const at = new Date('2026-03-04T05:06:07.890Z');
    const project = await prisma.project.create({ data: { name: 'tz', creationTime: at } });
    const read = await prisma.project.findUniqueOrThrow({ where: { id: project.id } });
    assert.deepEqual(read.creationTime, at);
    const query = Prisma.sql`SELECT creation_time AS at, creation_time = ${at} AS same FROM project WHERE id = ${project.id}`;
    assert.deepEqual(await prisma.$queryRaw(query), [{ at, same: true }]);
    assert.deepEqual(await queryRows(prisma, query), [{ at, same: true }]);
  });
});
