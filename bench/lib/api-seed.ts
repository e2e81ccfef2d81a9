// A big registry for the list APIs, written straight into the suite's database (pushing 100,000
// manifests would take hours here): projects through the API (so core writes whatever a project needs),
// then repositories, artifacts, tags, labels and signatures with a few set-based SQL statements shaped
// like the rows a push writes (services/registry/src/store/artifact.repo.ts).
//
//   bench-api            8,000 repositories: bench-api/many (20,008 artifacts, 500 of them cosign
//                        signatures of the newest images, every 3rd image labelled) and bench-api/rNNNNN
//                        with 8 artifacts each; one tag per image
//   bench-p001…p100      20 repositories of 8 artifacts each (2,000 repositories)
//   total                10,000 repositories, 100,000 artifacts; the developer is a member of every project
import pg from 'pg';
import type { Log } from './phases.js';
import { forEachLimit } from './seed.js';
import { createProject, type ApiAuth } from './suite-stack.js';

export const API_PROJECT = 'bench-api';
export const MANY_REPO = 'many';
export const EXTRA_PROJECTS = 100;
const API_REPOS = 8_000;
const REPOS_PER_EXTRA = 20;
const PER_REPO = 8;
const MANY_ARTIFACTS = 20_008;
const SIGNATURES = 500;

export const extraProject = (i: number) => `bench-p${String(i + 1).padStart(3, '0')}`;

const IMAGE_COLUMNS = `type, media_type, manifest_media_type, artifact_type, project_id, repository_id, repository_name, digest, size, push_time, extra_attrs`;
// What the registry abstracts from an image config (artifact.extra_attrs).
const EXTRA_ATTRS = `'{"architecture":"amd64","os":"linux","author":"","created":"2026-01-01T00:00:00Z","config":{"Env":["PATH=/bin"]}}'::jsonb`;
const image = (seq: string) =>
  `'IMAGE', 'application/vnd.oci.image.config.v1+json', 'application/vnd.oci.image.manifest.v1+json',
   'application/vnd.oci.image.config.v1+json', r.project_id, r.id, r.name,
   'sha256:' || encode(sha256(convert_to(r.name || '@' || ${seq}, 'UTF8')), 'hex'), 2000 + ${seq},
   now() - make_interval(secs => ${seq} * 60), ${EXTRA_ATTRS}`;

export interface SeedCounts {
  projects: number;
  repositories: number;
  artifacts: number;
  tags: number;
  labelled: number;
  seconds: number;
}

async function sql(db: pg.Client, text: string, values: unknown[] = []): Promise<number> {
  return (await db.query(text, values)).rowCount ?? 0;
}

export async function seedApiData(base: string, admin: ApiAuth, databaseUrl: string, log: Log): Promise<SeedCounts> {
  const t0 = Date.now();
  await createProject(base, admin, API_PROJECT);
  await forEachLimit(EXTRA_PROJECTS, 4, (i) => createProject(base, admin, extraProject(i)));
  log(`  ${EXTRA_PROJECTS + 1} projects created through the API in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const db = new pg.Client({ connectionString: databaseUrl, application_name: 'harbor-bench-seed' });
  await db.connect();
  try {
    await db.query('BEGIN');
    const apiId = (await db.query<{ id: number }>('SELECT id FROM project WHERE name = $1', [API_PROJECT])).rows[0].id;
    let repositories = await sql(db, `INSERT INTO repository (name, project_id, creation_time, update_time)
      SELECT $1 || '/r' || lpad(g::text, 5, '0'), $2, now() - make_interval(secs => g), now() FROM generate_series(1, $3::int) g`,
      [API_PROJECT, apiId, API_REPOS - 1]);
    repositories += await sql(db, `INSERT INTO repository (name, project_id) VALUES ($1, $2)`, [`${API_PROJECT}/${MANY_REPO}`, apiId]);
    repositories += await sql(db, `INSERT INTO repository (name, project_id, creation_time, update_time)
      SELECT p.name || '/app' || lpad(g::text, 2, '0'), p.id, now() - make_interval(secs => g), now()
      FROM project p, generate_series(1, $2::int) g WHERE p.name LIKE $1`, ['bench-p%', REPOS_PER_EXTRA]);
    let artifacts = await sql(db, `INSERT INTO artifact (${IMAGE_COLUMNS})
      SELECT ${image('g')} FROM repository r, generate_series(1, $2::int) g
      WHERE (r.name LIKE $1 OR r.name LIKE 'bench-p%') AND r.name <> $3`,
      [`${API_PROJECT}/r%`, PER_REPO, `${API_PROJECT}/${MANY_REPO}`]);
    artifacts += await sql(db, `INSERT INTO artifact (${IMAGE_COLUMNS})
      SELECT ${image('g')} FROM repository r, generate_series(1, $2::int) g WHERE r.name = $1`,
      [`${API_PROJECT}/${MANY_REPO}`, MANY_ARTIFACTS - SIGNATURES]);
    artifacts += await seedSignatures(db, `${API_PROJECT}/${MANY_REPO}`);
    // one tag per image, as a CI that tags every build does; the repository's newest image is also `latest`
    const tags = await sql(db, `INSERT INTO tag (repository_id, artifact_id, name, push_time)
      SELECT a.repository_id, a.id, 'v' || a.id, a.push_time FROM artifact a JOIN repository r ON r.id = a.repository_id
      WHERE r.name LIKE 'bench-%' AND a.type = 'IMAGE'`);
    const labelled = await seedLabels(db, apiId, `${API_PROJECT}/${MANY_REPO}`);
    await db.query('COMMIT');
    // A bulk load leaves the visibility map empty until autovacuum passes (within minutes on a live
    // database); vacuum now so index-only scans behave as they do in steady state.
    await db.query('VACUUM ANALYZE project, project_member, project_metadata, repository, artifact, tag, artifact_accessory, artifact_reference, harbor_label, label_reference');
    // …and write the load's dirty pages out now (superusers only), so the checkpointer's write-back of the
    // seed does not land inside the first measured rounds.
    await db.query('CHECKPOINT').catch(() => undefined);
    return { projects: EXTRA_PROJECTS + 1, repositories, artifacts, tags, labelled, seconds: (Date.now() - t0) / 1000 };
  } catch (e) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await db.end();
  }
}

/** Cosign signatures (artifacts + artifact_accessory rows) of the newest images of `repo`. */
async function seedSignatures(db: pg.Client, repo: string): Promise<number> {
  const n = await sql(db, `INSERT INTO artifact (type, media_type, manifest_media_type, artifact_type, project_id, repository_id,
      repository_name, digest, size, push_time, subject_digest)
    SELECT 'SIGNATURE', 'application/vnd.oci.image.config.v1+json', 'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.dev.cosign.artifact.sig.v1+json', a.project_id, a.repository_id, a.repository_name,
      'sha256:' || encode(sha256(convert_to('sig@' || a.digest, 'UTF8')), 'hex'), 700, a.push_time, a.digest
    FROM artifact a WHERE a.repository_name = $1 ORDER BY a.push_time DESC LIMIT $2`, [repo, SIGNATURES]);
  await sql(db, `INSERT INTO artifact_accessory (artifact_id, subject_artifact_id, subject_artifact_repo, subject_artifact_digest, type, size, digest)
    SELECT s.id, a.id, a.repository_name, a.digest, 'signature.cosign', s.size, s.digest
    FROM artifact s JOIN artifact a ON a.repository_id = s.repository_id AND a.digest = s.subject_digest
    WHERE s.repository_name = $1 AND s.type = 'SIGNATURE'`, [repo]);
  return n;
}

/** Three project labels; every 3rd image of `repo` carries the first, every 5th the second too. */
async function seedLabels(db: pg.Client, projectId: number, repo: string): Promise<number> {
  await sql(db, `INSERT INTO harbor_label (name, description, color, level, scope, project_id)
    SELECT 'bench-' || g, 'benchmark label', '#0065AB', 'user', 'p', $1 FROM generate_series(1, 3) g`, [projectId]);
  return sql(db, `INSERT INTO label_reference (label_id, artifact_id)
    SELECT l.id, a.id FROM artifact a JOIN harbor_label l ON l.project_id = $1
    WHERE a.repository_name = $2 AND a.type = 'IMAGE'
      AND ((l.name = 'bench-1' AND a.id % 3 = 0) OR (l.name = 'bench-2' AND a.id % 5 = 0))`, [projectId, repo]);
}
