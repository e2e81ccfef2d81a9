import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PASSWORD_POLICY_MESSAGE, validatePassword } from './policy.js';

const fail = { ok: false, reason: PASSWORD_POLICY_MESSAGE };

test('accepts passwords of 8 to 128 characters with upper, lower and digit', () => {
  for (const ok of ['Harbor12345', 'Abcdefg1', 'aB3' + 'x'.repeat(125), 'Pass word 1!', 'ÄbcdefG1']) {
    assert.deepEqual(validatePassword(ok), { ok: true }, ok);
  }
});

test('rejects short, long and incomplete passwords with Harbor\'s message', () => {
  const cases = {
    tooShort: 'Abcdef1',
    empty: '',
    tooLong: 'aB3' + 'x'.repeat(126),
    noUpper: 'harbor12345',
    noLower: 'HARBOR12345',
    noDigit: 'HarborHarbor',
    onlyNonAsciiLetters: 'ÄÖÜäöü12', // Harbor's classes are ASCII
  };
  for (const [name, password] of Object.entries(cases)) assert.deepEqual(validatePassword(password), fail, name);
});

test('length counts UTF-8 bytes, as Harbor does', () => {
  // 127 characters, but 'é' takes two bytes: 128 bytes, still fine; one more character tips it over.
  const at = 'aB3' + 'é' + 'x'.repeat(123);
  assert.equal(at.length, 127);
  assert.deepEqual(validatePassword(at), { ok: true });
  assert.deepEqual(validatePassword(at + 'x'), fail);
  // Seven characters that take eight bytes pass the minimum.
  assert.deepEqual(validatePassword('aB3éxyz'), { ok: true });
});

test('the message is Harbor\'s wording', () => {
  assert.equal(
    PASSWORD_POLICY_MESSAGE,
    'the password or secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number',
  );
});
