// Doublestar matching as Harbor's selectors see it (bmatcuk/doublestar v1 Match with `/`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadPatternError, doublestarMatch, patternError } from './doublestar.js';

const cases: Array<[pattern: string, name: string, expected: boolean]> = [
  // the empty pattern matches everything (Harbor's selector)
  ['', 'anything/at/all', true],
  // literals
  ['latest', 'latest', true],
  ['latest', 'latest2', false],
  ['a/b', 'a/b', true],
  ['a/b', 'a/c', false],
  // `*` stays within a component
  ['*', 'nginx', true],
  ['*', 'a/b', false],
  ['*', '', true],
  ['v*', 'v', true],
  ['v*', 'v1.2.3', true],
  ['v*', 'x1', false],
  ['*.*', '1.2', true],
  ['*-rc', '1.0-rc', true],
  ['a*b', 'ab', true],
  ['a*b', 'axxb', true],
  ['a*b', 'axxbc', false],
  ['a*b*c', 'abc', true],
  ['a/*', 'a/b', true],
  ['a/*', 'a/b/c', false],
  ['*/*', 'a/b', true],
  ['a/*', 'a', false],
  // `**` as a whole component crosses separators; inside a component it is a plain `*`
  ['**', 'a', true],
  ['**', 'a/b/c', true],
  ['a/**', 'a/b', true],
  ['a/**', 'a/b/c', true],
  ['a/**', 'a', false],
  ['**/c', 'c', true],
  ['**/c', 'a/b/c', true],
  ['**/c', 'a/b/d', false],
  ['a/**/c', 'a/c', true],
  ['a/**/c', 'a/b/x/c', true],
  ['a/**/c', 'a/b/x/d', false],
  ['a**', 'abc', true],
  ['a**', 'a/bc', false],
  ['**.tmp', 'x.tmp', true],
  ['**.tmp', 'dir/x.tmp', false],
  ['dev-**', 'dev-1', true],
  ['dev-**', 'dev-', true],
  // `?`
  ['v?', 'v1', true],
  ['v?', 'v', false],
  ['v?', 'v12', false],
  ['a?c', 'a/c', false],
  ['??', 'é1', true],
  // classes; `^` negates (not `!`)
  ['[abc]', 'b', true],
  ['[abc]', 'd', false],
  ['[a-c]x', 'bx', true],
  ['[a-c]x', 'dx', false],
  ['[^a-c]', 'd', true],
  ['[^a-c]', 'b', false],
  ['[!a]', '!', true],
  ['[!a]', 'b', false],
  ['v[0-9].[0-9]', 'v1.2', true],
  ['[\\]]', ']', true],
  ['[\\-]', '-', true],
  // alternatives, within a component
  ['{latest,4.*}', 'latest', true],
  ['{latest,4.*}', '4.1', true],
  ['{latest,4.*}', '5.0', false],
  ['{redis}', 'redis', true],
  ['v{1,2}.x', 'v2.x', true],
  ['v{1,2}.x', 'v3.x', false],
  ['{a,}b', 'b', true],
  ['{1..3}', '2', false],
  ['{1..3}', '1..3', true],
  ['{a,b}/*', 'b/x', true],
  // alternatives cannot hold a separator: the pattern is split first (see the malformed cases)
  // escapes
  ['\\*', '*', true],
  ['\\*', 'a', false],
  ['a\\/b', 'a/b', false],
  ['a\\?', 'a?', true],
  // separators: a trailing `/` is a last, empty component
  ['a/', 'a/', true],
  ['a/', 'a', false],
  ['a', 'a/', false],
  ['a//b', 'a//b', true],
  ['a/*/b', 'a//b', true],
  // dots are ordinary characters
  ['*', '.hidden', true],
  ['**', '.a/.b', true],
  // unicode is matched by code point
  ['caf?', 'café', true],
  ['[à-ü]', 'é', true],
];

for (const [pattern, name, expected] of cases) {
  test(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(name)}`, () => {
    assert.equal(doublestarMatch(pattern, name), expected);
  });
}

test('malformed syntax the match reaches is an error; syntax it never reaches is not', () => {
  for (const [pattern, name] of [['[abc', 'a'], ['{a,b', 'a'], ['a\\', 'ab'], ['[]', 'a'], ['[-a]', 'a'], ['[a-]', 'a'], ['{[,b}', 'x'], ['{a,b/c}', 'b/c']]) {
    assert.throws(() => doublestarMatch(pattern, name), BadPatternError, pattern);
  }
  assert.equal(doublestarMatch('b[abc', 'a'), false, 'the first character already differs');
  // after `*` and `**`, doublestar ignores errors of its attempts
  assert.equal(doublestarMatch('*[', 'ab'), false);
  assert.equal(doublestarMatch('**/[', 'a/b'), false);
});

test('patternError checks the whole pattern up front', () => {
  for (const ok of ['**', 'v*', '{latest,4.*}', '[a-z]*', '\\*', 'a/**/b', '[^0-9]', '{a,b}/{c,d}', '']) assert.equal(patternError(ok), null, ok);
  for (const bad of ['[abc', 'b[abc', '{a,b', 'x\\', '[]', '[z-]', '{[,b}', 'a/[', '[/]', '{a,b/c}']) {
    assert.match(patternError(bad) ?? '', /^invalid pattern /, bad);
  }
});
