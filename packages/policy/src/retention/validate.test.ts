// Saving a retention policy: what Harbor's console sends passes; unknown templates, bad parameters,
// selectors Harbor cannot evaluate, other algorithms and triggers are refused; equal rules conflict.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRule } from '@harbor/contracts';
import { retentionPolicyError, retentionRuleConflict, retentionRuleError } from './validate.js';

const consoleRule = (extra: Partial<PolicyRule> = {}): PolicyRule => ({
  disabled: false, action: 'retain', template: 'latestPushedK', params: { latestPushedK: 10 },
  tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
  ...extra,
});

describe('retention rules', () => {
  test("the console's rule, every template, a missing action", () => {
    assert.equal(retentionRuleError(consoleRule()), null);
    assert.equal(retentionRuleError(consoleRule({ action: undefined })), null);
    assert.equal(retentionRuleError(consoleRule({ template: 'always', params: {} })), null);
    for (const t of ['latestPulledN', 'latestActiveK', 'lastXDays', 'nDaysSinceLastPush', 'nDaysSinceLastPull']) {
      assert.equal(retentionRuleError(consoleRule({ template: t, params: { [t]: 3 } })), null, t);
    }
  });

  const bad: Array<[string, Partial<PolicyRule>, RegExp]> = [
    ['another action', { action: 'immutable' }, /action must be "retain"/],
    ['no template', { template: undefined }, /template is required/],
    ['an unknown template', { template: 'latestK' }, /not supported/],
    ['a missing parameter', { params: {} }, /missing required parameter latestPushedK/],
    ['a negative parameter', { params: { latestPushedK: -1 } }, /less than zero/],
    ['a string parameter', { params: { latestPushedK: '3' } }, /type error/],
    ['no tag selector', { tag_selectors: [] }, /tag selector is required/],
    ['a label selector', { tag_selectors: [{ kind: 'label', decoration: 'withLabels', pattern: 'x' }] }, /kind must be "doublestar"/],
    ['a repository decoration on tags', { tag_selectors: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] }, /decoration must be one of matches, excludes/],
    ['an empty pattern', { tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '' }] }, /pattern is required/],
    ['a malformed pattern', { tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '[' }] }, /tag selector:/],
    ['no repository selector', { scope_selectors: {} }, /repository selector is required/],
    ['project selectors', { scope_selectors: { project: [{ kind: 'doublestar', decoration: 'nsMatches', pattern: '**' }] } }, /"project" is not supported/],
    ['a tag decoration on repositories', { scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }] } }, /repoMatches, repoExcludes/],
  ];
  for (const [name, extra, message] of bad) {
    test(`refused: ${name}`, () => assert.match(retentionRuleError(consoleRule(extra)) ?? '', message));
  }
});

describe('retention policies', () => {
  test('algorithm, trigger and rules', () => {
    const ok = { algorithm: 'or', rules: [consoleRule()], trigger: { kind: 'Schedule', settings: { cron: '' } }, scope: { level: 'project', ref: 1 } };
    assert.equal(retentionPolicyError(ok), null);
    assert.equal(retentionPolicyError({ rules: [] }), null, 'defaults: "or", no schedule');
    assert.match(retentionPolicyError({ ...ok, algorithm: 'and' }) ?? '', /algorithm must be "or"/);
    assert.match(retentionPolicyError({ ...ok, trigger: { kind: 'Event' } }) ?? '', /not support Trigger Event/);
    assert.match(retentionPolicyError({ ...ok, trigger: { kind: 'Schedule', settings: { cron: 5 } } }) ?? '', /cron must be a string/);
    assert.match(retentionPolicyError({ ...ok, rules: [consoleRule(), consoleRule({ template: 'nope' })] }) ?? '', /^rule 1: /);
  });

  test('no limit on the number of rules', () => {
    const rules = Array.from({ length: 50 }, (_, i) => consoleRule({ params: { latestPushedK: i } }));
    assert.equal(retentionPolicyError({ rules }), null);
    assert.equal(retentionRuleConflict(rules), null);
  });

  test('equal rules conflict, whatever their ids, key order or defaults', () => {
    assert.equal(retentionRuleConflict([consoleRule(), consoleRule({ params: { latestPushedK: 3 } })]), null);
    assert.equal(retentionRuleConflict([consoleRule({ id: 1 }), consoleRule({ id: 2 })]), 'rule 1 is conflict with rule 0');
    const { disabled: _d, action: _a, ...bare } = consoleRule();
    assert.equal(retentionRuleConflict([consoleRule(), consoleRule({ disabled: true }), bare]), 'rule 2 is conflict with rule 0');
  });
});
