// Tag retention: each template, the "or" of rules, scopes, tag selectors with untagged extras, disabled
// rules, immutability, parameter defaults and the errors Harbor's job would fail with.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRule, PolicySelector } from '@harbor/contracts';
import { PolicyError } from '../selectors.js';
import { evaluateRetention, type RetentionCandidate } from './evaluate.js';
import { templateParameter, templateParameterError, type RetentionTemplate } from './templates.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;
const ago = (days: number) => NOW - days * DAY;

const sel = (decoration: string, pattern: string, extras?: string): PolicySelector => ({ kind: 'doublestar', decoration, pattern, ...(extras === undefined ? {} : { extras }) });
const rule = (template: string, params: Record<string, unknown> = {}, extra: Partial<PolicyRule> = {}): PolicyRule => ({
  action: 'retain', template, params,
  tag_selectors: [sel('matches', '**')],
  scope_selectors: { repository: [sel('repoMatches', '**')] },
  ...extra,
});

interface Art extends RetentionCandidate {
  name: string;
}
const art = (name: string, repository: string, tags: string[], pushedDaysAgo: number, pulledDaysAgo: number | null): Art => ({
  name, repository, digest: `sha256:${name}`, tags, pushTime: new Date(ago(pushedDaysAgo)), pullTime: pulledDaysAgo === null ? null : ago(pulledDaysAgo),
});

// one repository: pushed 1..5 days ago; pulls in another order, one never pulled
const app: Art[] = [
  art('a1', 'app', ['v1'], 5, 0.5),
  art('a2', 'app', ['v2'], 4, null),
  art('a3', 'app', ['v3'], 3, 10),
  art('a4', 'app', ['latest', 'v4'], 2, 6),
  art('a5', 'app', [], 1, 40),
];
const names = (xs: Art[]) => xs.map((x) => x.name).sort();
const run = (rules: PolicyRule[], candidates: Art[] = app, opts = {}) => evaluateRetention({ algorithm: 'or', rules }, candidates, NOW, opts);

describe('templates', () => {
  const table: Array<[string, PolicyRule, string[]]> = [
    ['always keeps everything', rule('always'), ['a1', 'a2', 'a3', 'a4', 'a5']],
    ['latestPushedK 2', rule('latestPushedK', { latestPushedK: 2 }), ['a4', 'a5']],
    ['latestPushedK 0 keeps nothing', rule('latestPushedK', { latestPushedK: 0 }), []],
    ['latestPushedK over the count keeps all', rule('latestPushedK', { latestPushedK: 99 }), ['a1', 'a2', 'a3', 'a4', 'a5']],
    ['latestPulledN 2 (never pulled comes last)', rule('latestPulledN', { latestPulledN: 2 }), ['a1', 'a4']],
    ['latestPulledN 5', rule('latestPulledN', { latestPulledN: 5 }), ['a1', 'a2', 'a3', 'a4', 'a5']],
    ['latestActiveK 2: the later of push and pull', rule('latestActiveK', { latestActiveK: 2 }), ['a1', 'a5']],
    ['latestActiveK 3', rule('latestActiveK', { latestActiveK: 3 }), ['a1', 'a4', 'a5']],
    ['lastXDays 3: pushed strictly within 3 days', rule('lastXDays', { lastXDays: 3 }), ['a4', 'a5']],
    ['nDaysSinceLastPush 3: the boundary second counts', rule('nDaysSinceLastPush', { nDaysSinceLastPush: 3 }), ['a3', 'a4', 'a5']],
    ['nDaysSinceLastPull 7: never pulled is out', rule('nDaysSinceLastPull', { nDaysSinceLastPull: 7 }), ['a1', 'a4']],
    ['nDaysSinceLastPull 0', rule('nDaysSinceLastPull', { nDaysSinceLastPull: 0 }), []],
  ];
  for (const [name, r, kept] of table) {
    test(name, () => {
      const out = run([r]);
      assert.deepEqual(names(out.retained), kept);
      assert.deepEqual(names(out.deleted), names(app).filter((n) => !kept.includes(n)));
      assert.deepEqual(out.repositories, ['app']);
    });
  }

  test('times may be Dates or epoch milliseconds; the evaluation time too', () => {
    const out = evaluateRetention({ rules: [rule('latestPushedK', { latestPushedK: 1 })] }, app, new Date(NOW));
    assert.deepEqual(names(out.retained), ['a5']);
  });

  test('equal times keep the input order', () => {
    const twins = [art('t1', 'app', ['x'], 1, null), art('t2', 'app', ['y'], 1, null)];
    assert.deepEqual(names(run([rule('latestPushedK', { latestPushedK: 1 })], twins).retained), ['t1']);
  });
});

describe('parameters', () => {
  const table: Array<[RetentionTemplate, unknown, number]> = [
    ['latestPushedK', 3, 3],
    ['latestPushedK', 3.9, 3],
    ['latestPushedK', -1, 10],
    ['latestPushedK', '3', 10],
    ['latestPulledN', null, 10],
    ['latestActiveK', 0, 0],
    ['lastXDays', -5, 10],
    ['nDaysSinceLastPush', 'x', 30],
    ['nDaysSinceLastPull', 2, 2],
  ];
  for (const [template, value, expected] of table) {
    test(`${template} ${JSON.stringify(value)} → ${expected}`, () => assert.equal(templateParameter(template, { [template]: value }), expected));
  }

  test('a missing parameter fails the rule; always needs none', () => {
    assert.throws(() => templateParameter('latestPushedK', {}), /missing required parameter latestPushedK/);
    assert.throws(() => run([rule('lastXDays', { other: 1 })]), PolicyError);
    assert.equal(templateParameter('always', undefined), 0);
  });

  const errors: Array<[RetentionTemplate, Record<string, unknown>, RegExp | null]> = [
    ['latestPushedK', { latestPushedK: 5 }, null],
    ['latestPushedK', { latestPushedK: -1 }, /less than zero/],
    ['latestPushedK', { latestPushedK: 32767 }, /too large/],
    ['latestPulledN', { latestPulledN: '5' }, /type error/],
    ['nDaysSinceLastPush', { nDaysSinceLastPush: 20190905 }, /too large/],
    ['nDaysSinceLastPull', { nDaysSinceLastPull: 20190904 }, null],
    ['lastXDays', {}, /missing required parameter lastXDays/],
    ['always', {}, null],
  ];
  for (const [template, params, expected] of errors) {
    test(`saving ${template} ${JSON.stringify(params)}`, () => {
      const err = templateParameterError(template, params);
      if (expected === null) assert.equal(err, null);
      else assert.match(err ?? '', expected);
    });
  }
});

describe('rules together', () => {
  const lib: Art[] = [
    ...app,
    art('b1', 'tools/cli', ['1.0'], 9, null),
    art('b2', 'tools/cli', ['2.0'], 8, null),
    art('c1', 'docs', ['draft'], 30, null),
  ];

  test('"or": a candidate any rule keeps is retained', () => {
    const out = run([rule('latestPushedK', { latestPushedK: 1 }), rule('latestPulledN', { latestPulledN: 1 })]);
    assert.deepEqual(names(out.retained), ['a1', 'a5']);
    assert.deepEqual(names(out.deleted), ['a2', 'a3', 'a4']);
  });

  test('repositories no rule covers are left alone and get no task', () => {
    const out = run([rule('latestPushedK', { latestPushedK: 1 }, { scope_selectors: { repository: [sel('repoMatches', 'tools/**')] } })], lib);
    assert.deepEqual(names(out.deleted), ['b1']);
    assert.deepEqual(out.repositories, ['tools/cli']);
    assert.equal(out.retained.length, lib.length - 1);
  });

  test('each repository is evaluated on its own', () => {
    const out = run([rule('latestPushedK', { latestPushedK: 1 })], lib);
    assert.deepEqual(names(out.retained), ['a5', 'b2', 'c1']);
    assert.deepEqual(out.repositories.sort(), ['app', 'docs', 'tools/cli']);
  });

  test('repoExcludes, and several scope selectors must all agree', () => {
    const excl = run([rule('latestPushedK', { latestPushedK: 0 }, { scope_selectors: { repository: [sel('repoExcludes', '{app,docs}')] } })], lib);
    assert.deepEqual(names(excl.deleted), ['b1', 'b2']);
    assert.deepEqual(excl.repositories, ['tools/cli']);
    const both = run([rule('latestPushedK', { latestPushedK: 0 }, { scope_selectors: { repository: [sel('repoMatches', '**'), sel('repoExcludes', 'app')] } })], lib);
    assert.deepEqual(names(both.deleted), ['b1', 'b2', 'c1']);
  });

  test('a rule without repository selectors covers every repository', () => {
    const out = run([rule('latestPushedK', { latestPushedK: 0 }, { scope_selectors: {} })], lib);
    assert.equal(out.deleted.length, lib.length);
  });

  test('a disabled rule neither keeps nor covers', () => {
    const out = run([rule('always', {}, { disabled: true }), rule('latestPushedK', { latestPushedK: 1 })]);
    assert.deepEqual(names(out.retained), ['a5']);
    assert.deepEqual(run([rule('always', {}, { disabled: true, template: 'nonsense' })]).deleted, [], 'nor is it checked');
  });

  test('tag selectors: all must let a candidate through; untagged by extras', () => {
    const vOnly = rule('always', {}, { tag_selectors: [sel('matches', 'v*'), sel('excludes', 'v1')] });
    assert.deepEqual(names(run([vOnly]).retained), ['a2', 'a3', 'a4', 'a5'], 'untagged a5 passes both by default');
    assert.deepEqual(names(run([rule('always', {}, { tag_selectors: [sel('matches', 'v*')] })]).retained), ['a1', 'a2', 'a3', 'a4', 'a5'], 'matches keeps untagged by default');
    assert.deepEqual(names(run([rule('always', {}, { tag_selectors: [sel('matches', '**', '{"untagged":false}')] })]).deleted), ['a5']);
    // a4 (latest, v4) still has a tag the exclusion does not name
    assert.deepEqual(names(run([rule('always', {}, { tag_selectors: [sel('excludes', 'latest', '{"untagged":true}')] })]).deleted), ['a5']);
    assert.deepEqual(names(run([rule('always', {}, { tag_selectors: [sel('excludes', '{latest,v4}')] })]).deleted), ['a4']);
  });

  test('a rule without tag selectors keeps nothing and, alone, deletes nothing', () => {
    assert.deepEqual(run([rule('latestPushedK', { latestPushedK: 1 }, { tag_selectors: [] })]).deleted, []);
    const mixed = run([rule('always', {}, { tag_selectors: [] }), rule('latestPushedK', { latestPushedK: 1 })]);
    assert.deepEqual(names(mixed.deleted), ['a1', 'a2', 'a3', 'a4']);
  });

  test('immutable candidates are never deleted', () => {
    const immutable: PolicyRule[] = [{ template: 'immutable_template', tag_selectors: [sel('matches', 'v{1,3}')], scope_selectors: { repository: [sel('repoMatches', 'app')] } }];
    const out = run([rule('latestPushedK', { latestPushedK: 1 })], app, { immutableRules: immutable });
    assert.deepEqual(names(out.immutable), ['a1', 'a3']);
    assert.deepEqual(names(out.deleted), ['a2', 'a4']);
    assert.deepEqual(names(out.retained), ['a5']);
  });

  test('no cap on the number of rules', () => {
    const many = Array.from({ length: 40 }, (_, i) => rule('always', {}, { tag_selectors: [sel('matches', `t${i}`, '{"untagged":false}')] }));
    const arts = Array.from({ length: 45 }, (_, i) => art(`x${i}`, 'app', [`t${i}`], i, null));
    const out = run(many, arts);
    assert.equal(out.retained.length, 40);
    assert.deepEqual(names(out.deleted), ['x40', 'x41', 'x42', 'x43', 'x44']);
  });

  test('system-wide policies: project selectors pick namespaces', () => {
    const sys = [{ ...art('p1', 'app', ['v'], 1, null), namespace: 'prod' }, { ...art('d1', 'app', ['v'], 1, null), namespace: 'dev' }];
    const out = evaluateRetention({ scope: { level: 'system' }, rules: [rule('latestPushedK', { latestPushedK: 0 }, {
      scope_selectors: { project: [sel('nsMatches', 'dev')], repository: [sel('repoMatches', '**')] },
    })] }, sys, NOW);
    assert.deepEqual(names(out.deleted), ['d1']);
    assert.deepEqual(out.repositories, ['dev/app']);
  });

  test("what Harbor's job cannot run is an error", () => {
    assert.throws(() => evaluateRetention({ algorithm: 'and', rules: [] }, app, NOW), /unknown retention algorithm/);
    assert.throws(() => run([rule('latestK', { latestK: 1 })]), /rule evaluator "latestK" is not registered/);
    assert.throws(() => run([rule('always', {}, { tag_selectors: [{ kind: 'label', decoration: 'withLabels', pattern: 'x' }] })]), PolicyError);
    assert.throws(() => run([rule('always', {}, { tag_selectors: [sel('matches', '[')] })]), /invalid pattern/);
  });

  test('no candidates, no rules', () => {
    assert.deepEqual(run([rule('always')], []), { retained: [], deleted: [], immutable: [], repositories: [] });
    assert.deepEqual(names(run([]).retained), names(app));
  });
});
