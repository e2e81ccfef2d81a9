// Selectors and tag immutability: Harbor's selector suite cases, the rule matcher's use of the first
// selectors only, disabled rules, and what a rule must hold to be saved.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRule, PolicySelector } from '@harbor/contracts';
import {
  immutableDeleteMessage, immutablePushMessage, immutableRuleError, immutableTags, immutableUpdateMessage, isImmutable, matchesImmutableRules,
} from './immutable.js';
import { PolicyError, selects, splitRepositoryName, untaggedFlag, type SelectorCandidate } from './selectors.js';

const sel = (decoration: string, pattern: string, extras?: string): PolicySelector => ({ kind: 'doublestar', decoration, pattern, ...(extras === undefined ? {} : { extras }) });

describe('selectors', () => {
  // Harbor's doublestar selector test fixture
  const artifacts: SelectorCandidate[] = [
    { namespace: 'library', repository: 'harbor', tags: ['latest'] },
    { namespace: 'retention', repository: 'redis', tags: ['4.0'] },
    { namespace: 'retention', repository: 'redis', tags: ['4.1'] },
    { namespace: 'library', repository: 'special', tags: [] },
  ];
  const picked = (s: PolicySelector) => artifacts.filter((a) => selects(s, a)).map((a) => `${a.repository}:${a.tags[0] ?? ''}`);

  const table: Array<[string, PolicySelector, string[]]> = [
    ['matches keeps untagged by default', sel('matches', '{latest,4.*}'), ['harbor:latest', 'redis:4.0', 'redis:4.1', 'special:']],
    ['matches with untagged off', sel('matches', '4.*', '{"untagged":false}'), ['redis:4.0', 'redis:4.1']],
    ['excludes keeps untagged by default too', sel('excludes', '{latest,4.*}'), ['special:']],
    ['excludes with untagged on drops untagged', sel('excludes', '{latest,4.*}', '{"untagged":true}'), []],
    ['excludes with untagged on, one pattern', sel('excludes', '4.*', '{"untagged":true}'), ['harbor:latest']],
    ['repoMatches', sel('repoMatches', '{redis}'), ['redis:4.0', 'redis:4.1']],
    ['repoMatches prefix', sel('repoMatches', 'har*'), ['harbor:latest']],
    ['repoExcludes', sel('repoExcludes', '{redis}'), ['harbor:latest', 'special:']],
    ['nsMatches', sel('nsMatches', 'library'), ['harbor:latest', 'special:']],
    ['nsExcludes', sel('nsExcludes', 're*'), ['harbor:latest', 'special:']],
    ['an unknown decoration keeps nothing', sel('withLabels', '**'), []],
  ];
  for (const [name, s, expected] of table) test(name, () => assert.deepEqual(picked(s), expected));

  test('a tag selector keeps a candidate when any of its tags qualifies', () => {
    const multi = { repository: 'app', tags: ['dev-1', 'v1.0'] };
    assert.equal(selects(sel('matches', 'v*'), multi), true);
    assert.equal(selects(sel('excludes', 'v*'), multi), true, 'dev-1 is not excluded');
    assert.equal(selects(sel('excludes', '{v*,dev-*}'), multi), false);
  });

  test('extras: JSON object decides, a missing key reads as false, garbage keeps the default', () => {
    assert.equal(untaggedFlag(sel('matches', '*', '{}')), false);
    assert.equal(untaggedFlag(sel('matches', '*', 'not json')), true);
    assert.equal(untaggedFlag(sel('excludes', '*', '{"untagged":true}')), true);
    assert.equal(untaggedFlag(sel('excludes', '*', '[true]')), false);
  });

  test('an unknown kind cannot be evaluated', () => {
    assert.throws(() => selects({ kind: 'label', decoration: 'withLabels', pattern: 'x' }, artifacts[0]), PolicyError);
  });

  test('repository names are split after the project', () => {
    assert.deepEqual(splitRepositoryName('library/a/b'), { project: 'library', repository: 'a/b' });
    assert.deepEqual(splitRepositoryName('solo'), { project: '', repository: 'solo' });
  });
});

const rule = (repo: PolicySelector, tag: PolicySelector, extra: Partial<PolicyRule> = {}): PolicyRule => ({
  action: 'immutable', template: 'immutable_template', tag_selectors: [tag], scope_selectors: { repository: [repo] }, ...extra,
});

describe('tag immutability', () => {
  const rules: PolicyRule[] = [
    rule(sel('repoMatches', 'app'), sel('matches', 'v*')),
    rule(sel('repoMatches', 'team/**'), sel('matches', 'release-*')),
    rule(sel('repoMatches', 'other*'), sel('excludes', 'latest')),
    rule(sel('repoMatches', '**'), sel('matches', 'frozen'), { disabled: true }),
  ];
  const table: Array<[repository: string, tag: string, expected: boolean]> = [
    ['app', 'v1.0', true],
    ['app', 'latest', false],
    ['app', 'dev', false],
    ['team/api', 'release-2', true],
    ['team/api/sub', 'release-2', true],
    ['team', 'release-2', false],
    ['team/api', 'v1', false],
    ['other', 'anything', true],
    ['other', 'latest', false],
    ['app', 'frozen', false],
    ['', 'v1', false],
  ];
  for (const [repository, tag, expected] of table) {
    test(`${repository || '(empty)'}:${tag} is ${expected ? '' : 'not '}immutable`, () => assert.equal(isImmutable(rules, repository, tag), expected));
  }

  test('no rules, or only disabled ones, protect nothing', () => {
    assert.equal(isImmutable([], 'app', 'v1'), false);
    assert.deepEqual(immutableTags([rules[3]], 'app', ['frozen']), []);
  });

  test('only the first repository and tag selectors of a rule count', () => {
    const r = { ...rule(sel('repoMatches', 'app'), sel('matches', 'v1')), tag_selectors: [sel('matches', 'v1'), sel('matches', 'never')] };
    r.scope_selectors = { repository: [sel('repoMatches', 'app'), sel('repoMatches', 'nothing')] };
    assert.equal(isImmutable([r], 'app', 'v1'), true);
  });

  test('a rule without selectors, or one Harbor cannot evaluate, protects nothing', () => {
    assert.equal(isImmutable([{ tag_selectors: [sel('matches', '**')] }], 'app', 'v1'), false);
    assert.equal(isImmutable([{ scope_selectors: { repository: [sel('repoMatches', '**')] } }], 'app', 'v1'), false);
    assert.equal(isImmutable([rule(sel('repoMatches', '**'), { kind: 'label', decoration: 'matches', pattern: 'x' })], 'app', 'x'), false);
    assert.equal(isImmutable([rule(sel('repoMatches', '**'), sel('matches', 'v[1'))], 'app', 'v1'), false);
  });

  test('immutableTags picks the protected tags; artifacts match on any tag, untagged never under matches', () => {
    assert.deepEqual(immutableTags(rules, 'app', ['latest', 'v2', 'v3']), ['v2', 'v3']);
    assert.equal(matchesImmutableRules(rules, { repository: 'app', tags: ['dev', 'v9'] }), true);
    assert.equal(matchesImmutableRules([rules[0]], { repository: 'app', tags: [] }), false);
    // Harbor's fixed extras make an untagged artifact "immutable" under an excludes rule
    assert.equal(matchesImmutableRules([rules[2]], { repository: 'other', tags: [] }), true);
  });

  test("Harbor's messages", () => {
    assert.equal(immutablePushMessage('app', 'v1'), "Failed to process request due to 'app:v1' configured as immutable.");
    assert.equal(immutableDeleteMessage('v1'), 'the tag v1 configured as immutable, cannot be deleted');
    assert.equal(immutableUpdateMessage('v1'), 'the tag v1 configured as immutable, cannot be updated');
  });
});

describe('saving an immutability rule', () => {
  const ok = rule(sel('repoMatches', '**'), sel('matches', '**'));
  const table: Array<[string, PolicyRule, RegExp | null]> = [
    ['the console\'s rule', ok, null],
    ['without action and template', { tag_selectors: ok.tag_selectors, scope_selectors: ok.scope_selectors }, null],
    ['another action', { ...ok, action: 'retain' }, /action must be "immutable"/],
    ['another template', { ...ok, template: 'latestPushedK' }, /template must be "immutable_template"/],
    ['no tag selector', { ...ok, tag_selectors: [] }, /a tag selector is required/],
    ['no repository selector', { ...ok, scope_selectors: {} }, /a repository selector is required/],
    ['a label selector', { ...ok, tag_selectors: [{ kind: 'label', decoration: 'matches', pattern: 'x' }] }, /kind must be "doublestar"/],
    ['a repository decoration on tags', { ...ok, tag_selectors: [sel('repoMatches', '**')] }, /decoration must be one of matches, excludes/],
    ['a tag decoration on repositories', { ...ok, scope_selectors: { repository: [sel('matches', '**')] } }, /decoration must be one of repoMatches, repoExcludes/],
    ['an empty pattern', { ...ok, tag_selectors: [sel('matches', '')] }, /a pattern is required/],
    ['a malformed pattern', { ...ok, scope_selectors: { repository: [sel('repoMatches', 'a[')] } }, /repository selector: invalid pattern "a\["/],
  ];
  for (const [name, r, expected] of table) {
    test(name, () => {
      const err = immutableRuleError(r);
      if (expected === null) assert.equal(err, null);
      else assert.match(err ?? '', expected);
    });
  }
});
