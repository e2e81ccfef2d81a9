// A daemon's teardown reaches every process it started, also those in sessions of their own (as npm
// start's services are), which a signal to the daemon's process group does not reach.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir, removeDir, spawnDaemon, waitUntil } from '../src/index.js';

/** Running (a zombie, killed but not yet reaped by whoever inherited it, counts as gone). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

test('stop() ends the daemon and a child it left running in a session of its own', async () => {
  const dir = makeTempDir('daemon');
  try {
    const pidFile = join(dir, 'child.pid');
    // The parent starts a detached child that ignores SIGTERM, then exits on SIGTERM without stopping it.
    const script = join(dir, 'parent.mjs');
    writeFileSync(script, [
      "import { spawn } from 'node:child_process';",
      "import { writeFileSync } from 'node:fs';",
      "const child = spawn(process.execPath, ['-e', \"process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)\"], { detached: true, stdio: 'ignore' });",
      `writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));`,
      "process.on('SIGTERM', () => process.exit(0));",
      'setInterval(() => {}, 1000);',
    ].join('\n'));
    const daemon = spawnDaemon(process.execPath, [script], { logFile: join(dir, 'log') });
    let childPid = 0;
    await waitUntil('parent', daemon, async () => {
      childPid = Number(readFileSync(pidFile, 'utf8') || 0);
      return childPid > 0;
    });
    const stat = readFileSync(`/proc/${childPid}/stat`, 'utf8');
    assert.equal(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]), childPid, 'the child leads its own session');
    await daemon.stop(2_000);
    for (let i = 0; i < 50 && alive(childPid); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(alive(childPid), false, 'the detached child is gone');
  } finally {
    removeDir(dir);
  }
});
