// The runtime environment every service runs with (scripts/runtime-env.mjs): `npm start` applies it, the
// images set the same values in their Dockerfiles, and a value the operator sets wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeEnv, serviceEnv } from '@harbor/testkit';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** The ENV settings of a Dockerfile's last stage (the runtime image), continuation lines joined. */
function runtimeStageEnv(dockerfile: string): Record<string, string> {
  const text = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ');
  const stage = text.slice(text.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const line of stage.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const m of line.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[m[1]] = m[2];
  }
  return env;
}

test('every service image runs with the runtime environment npm start gives its processes', async () => {
  const wanted = await runtimeEnv();
  assert.ok(Object.keys(wanted).length > 0);
  const dockerfiles = readdirSync(join(root, 'services')).map((s) => join(root, 'services', s, 'Dockerfile')).filter(existsSync);
  assert.ok(dockerfiles.length >= 5, `found ${dockerfiles.length} service Dockerfiles`);
  for (const file of dockerfiles) {
    const env = runtimeStageEnv(file);
    for (const [k, v] of Object.entries(wanted)) assert.equal(env[k], v, `${file}: ENV ${k}`);
  }
});

test('the runtime environment fills in what is unset and keeps what the operator set', async () => {
  const wanted = await runtimeEnv();
  const filled = await serviceEnv({ PATH: '/bin' });
  assert.equal(filled.PATH, '/bin');
  for (const [k, v] of Object.entries(wanted)) assert.equal(filled[k], v);
  const own = await serviceEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' });
  assert.equal(own.GLIBC_TUNABLES, 'glibc.malloc.arena_max=2');
  const empty = await serviceEnv({ GLIBC_TUNABLES: '' });
  assert.equal(empty.GLIBC_TUNABLES, wanted.GLIBC_TUNABLES, 'an empty value counts as unset');
});
