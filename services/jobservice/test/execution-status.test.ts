// An execution's status follows its tasks also when workers finish its last tasks at the same moment:
// a refresh that counted the tasks before another worker's update landed must not overwrite the status
// that update's own refresh wrote (the execution would stay Running for good).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startJobWorld, type JobWorld } from './helpers.js';

describe('execution status under concurrent task updates', () => {
  let w: JobWorld;
  before(async () => { w = await startJobWorld(); });
  after(async () => { await w?.close(); });

  test('tasks finishing at once always leave their execution Success (40 executions × 8 tasks)', async () => {
    const stuck: Array<[number, string | undefined]> = [];
    for (let round = 0; round < 40; round++) {
      const executionId = await w.store.createExecution('IMAGE_SCAN', -1, 'MANUAL', {});
      const tasks = await Promise.all(Array.from({ length: 8 }, (_, i) => w.store.createTask(executionId, `race-${round}-${i}`)));
      await Promise.all(tasks.map((t) => w.store.setTaskStatus(t, 'Running')));
      await Promise.all(tasks.map((t) => w.store.setTaskStatus(t, 'Success')));
      const status = (await w.store.execution(executionId))?.status;
      if (status !== 'Success') stuck.push([executionId, status]);
    }
    assert.deepEqual(stuck, []);
  });

  test('the status is still derived from the tasks: Running while one runs, Error before Stopped before Success, with its message', async () => {
    const executionId = await w.store.createExecution('IMAGE_SCAN', -1, 'MANUAL', {});
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((j) => w.store.createTask(executionId, j)));
    await w.store.setTaskStatus(a, 'Success');
    assert.equal((await w.store.execution(executionId))?.status, 'Running');
    await w.store.setTaskStatus(b, 'Stopped');
    await w.store.setTaskStatus(c, 'Error');
    const done = await w.store.execution(executionId);
    assert.equal(done?.status, 'Error');
    assert.ok(done?.end_time instanceof Date);
    await w.store.finishExecution(executionId, 'Stopped', 'stopped by the admin');
    const finished = await w.store.execution(executionId);
    assert.equal(finished?.status, 'Error');
    assert.equal(finished?.status_message, 'stopped by the admin');
    const empty = await w.store.createExecution('IMAGE_SCAN', -1, 'MANUAL', {});
    await w.store.refreshExecution(empty);
    assert.equal((await w.store.execution(empty))?.status, 'Success');
  });
});
