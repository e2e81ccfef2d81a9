// The operations of a project's tag immutability rules — Harbor's operationIds, paths and parameters
// (tag `immutable`).
import { ImmutableRuleSchema } from '../policy-rule.js';
import type { Operation } from './operation.js';

const P = '/projects/{project_name_or_id}/immutabletagrules';
const RULE = `${P}/{immutable_rule_id}`;

export const IMMUTABLE_OPERATIONS: readonly Operation[] = [
  { id: 'ListImmuRules', method: 'get', path: P, tag: 'immutable', summary: 'List all immutable tag rules of current project', query: ['page', 'page_size', 'q', 'sort'], response: [ImmutableRuleSchema], paginated: true },
  { id: 'CreateImmuRule', method: 'post', path: P, tag: 'immutable', summary: 'Add an immutable tag rule to current project', body: ImmutableRuleSchema, status: 201 },
  { id: 'UpdateImmuRule', method: 'put', path: RULE, tag: 'immutable', summary: 'Update the immutable tag rule or enable or disable the rule', body: ImmutableRuleSchema },
  { id: 'DeleteImmuRule', method: 'delete', path: RULE, tag: 'immutable', summary: 'Delete the immutable tag rule.' },
];
