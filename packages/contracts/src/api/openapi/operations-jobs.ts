// The operations of asynchronous work: GC and audit-log purge histories and schedules, and the job
// service monitor — Harbor's operationIds, paths and parameters.
import { ActionRequestSchema, ExecHistorySchema, JobQueueSchema, ScheduleSchema, ScheduleTaskSchema, SchedulerStatusSchema, WorkerPoolSchema, WorkerSchema } from '../jobs.js';
import type { Operation } from './operation.js';

function systemJob(kind: 'GC' | 'Purge', path: string, idName: string, noun: string): Operation[] {
  const tag = kind === 'GC' ? 'gc' : 'purge';
  const one = kind === 'GC' ? 'GC' : 'PurgeJob';
  return [
    { id: `get${kind}History`, method: 'get', path, tag, summary: `Get ${noun} results.`, query: ['q', 'sort', 'page', 'page_size'], response: [ExecHistorySchema], paginated: true },
    { id: `get${one}`, method: 'get', path: `${path}/{${idName}}`, tag, summary: `Get ${noun}'s detail.`, response: ExecHistorySchema },
    { id: kind === 'GC' ? 'stopGC' : 'stopPurge', method: 'put', path: `${path}/{${idName}}`, tag, summary: `Stop the ${noun} job.` },
    { id: `get${one}Log`, method: 'get', path: `${path}/{${idName}}/log`, tag, summary: `Get ${noun} job log.` },
    { id: `get${kind}Schedule`, method: 'get', path: `${path}/schedule`, tag, summary: `Get ${noun}'s schedule.`, response: ScheduleSchema },
    { id: `create${kind}Schedule`, method: 'post', path: `${path}/schedule`, tag, summary: `Create a ${noun} schedule (Manual runs it now).`, body: ScheduleSchema, status: 201 },
    { id: `update${kind}Schedule`, method: 'put', path: `${path}/schedule`, tag, summary: `Update the ${noun}'s schedule.`, body: ScheduleSchema },
  ];
}

export const JOB_OPERATIONS: readonly Operation[] = [
  ...systemJob('GC', '/system/gc', 'gc_id', 'garbage collection'),
  ...systemJob('Purge', '/system/purgeaudit', 'purge_id', 'audit log purge'),
  { id: 'getWorkerPools', method: 'get', path: '/jobservice/pools', tag: 'jobservice', summary: 'Get worker pools', response: [WorkerPoolSchema] },
  { id: 'getWorkers', method: 'get', path: '/jobservice/pools/{pool_id}/workers', tag: 'jobservice', summary: 'Get workers', response: [WorkerSchema] },
  { id: 'stopRunningJob', method: 'put', path: '/jobservice/jobs/{job_id}', tag: 'jobservice', summary: 'Stop running job' },
  { id: 'actionGetJobLog', method: 'get', path: '/jobservice/jobs/{job_id}/log', tag: 'jobservice', summary: 'Get job log by job id' },
  { id: 'listJobQueues', method: 'get', path: '/jobservice/queues', tag: 'jobservice', summary: 'list job queues', response: [JobQueueSchema] },
  { id: 'actionPendingJobs', method: 'put', path: '/jobservice/queues/{job_type}', tag: 'jobservice', summary: 'stop and clean, pause, resume pending jobs in the queue', body: ActionRequestSchema },
  { id: 'listSchedules', method: 'get', path: '/schedules', tag: 'schedule', summary: 'List schedules', query: ['page', 'page_size'], response: [ScheduleTaskSchema], paginated: true },
  { id: 'getSchedulePaused', method: 'get', path: '/schedules/{job_type}/paused', tag: 'schedule', summary: 'Get scheduler paused status', response: SchedulerStatusSchema },
];
