// The operations of tag retention — Harbor's operationIds (misspelling included), paths and parameters
// (tag `Retention`): the policy of a project, its runs, their tasks and each task's log.
import {
  RetentionExecutionActionSchema, RetentionExecutionReqSchema, RetentionExecutionSchema, RetentionExecutionTaskSchema,
  RetentionMetadataSchema, RetentionPolicySchema,
} from '../retention.js';
import type { Operation } from './operation.js';

const P = '/retentions/{id}';
const E = `${P}/executions`;

export const RETENTION_OPERATIONS: readonly Operation[] = [
  { id: 'getRentenitionMetadata', method: 'get', path: '/retentions/metadatas', tag: 'Retention', summary: 'Get Retention Metadatas', response: RetentionMetadataSchema },
  { id: 'createRetention', method: 'post', path: '/retentions', tag: 'Retention', summary: 'Create Retention Policy', body: RetentionPolicySchema, status: 201 },
  { id: 'getRetention', method: 'get', path: P, tag: 'Retention', summary: 'Get Retention Policy', response: RetentionPolicySchema },
  { id: 'updateRetention', method: 'put', path: P, tag: 'Retention', summary: 'Update Retention Policy', body: RetentionPolicySchema },
  { id: 'deleteRetention', method: 'delete', path: P, tag: 'Retention', summary: 'Delete Retention Policy' },
  { id: 'triggerRetentionExecution', method: 'post', path: E, tag: 'Retention', summary: 'Trigger a Retention Execution, if dry_run is True, nothing would be deleted actually.', body: RetentionExecutionReqSchema, status: 201 },
  { id: 'listRetentionExecutions', method: 'get', path: E, tag: 'Retention', summary: 'Get Retention executions', query: ['page', 'page_size'], response: [RetentionExecutionSchema], paginated: true },
  { id: 'operateRetentionExecution', method: 'patch', path: `${E}/{eid}`, tag: 'Retention', summary: 'Stop a Retention execution, only support "stop" action now.', body: RetentionExecutionActionSchema },
  { id: 'listRetentionTasks', method: 'get', path: `${E}/{eid}/tasks`, tag: 'Retention', summary: 'Get Retention tasks', query: ['page', 'page_size'], response: [RetentionExecutionTaskSchema], paginated: true },
  { id: 'getRetentionTaskLog', method: 'get', path: `${E}/{eid}/tasks/{tid}`, tag: 'Retention', summary: 'Get Retention job task log' },
];
