import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeLike } from '@harbor/db';
import {
  QueryError,
  paginationHeaders,
  parsePagination,
  parseQ,
  parseSort,
  queryParam,
  toPrismaOrderBy,
  toPrismaWhere,
  type FieldMap,
  type QueryInput,
  type QueryTerm,
} from './query.js';

function throwsQuery(fn: () => unknown, code: 'BAD_REQUEST' | 'UNPROCESSABLE_ENTITY', message?: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof QueryError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.status, code === 'BAD_REQUEST' ? 400 : 422);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

test('queryParam takes the last of repeated values, as go-swagger binds them', () => {
  assert.equal(queryParam({ a: 'x' }, 'a'), 'x');
  assert.equal(queryParam({ a: ['1', '2'] }, 'a'), '2');
  assert.equal(queryParam({ a: { b: '1' } }, 'a'), undefined);
  assert.equal(queryParam({}, 'a'), undefined);
});

test('parsePagination', () => {
  const cases: Array<[QueryInput, { page: number; pageSize: number; offset: number; limit: number | undefined }]> = [
    [{}, { page: 1, pageSize: 10, offset: 0, limit: 10 }],
    [{ page: '', page_size: '' }, { page: 1, pageSize: 10, offset: 0, limit: 10 }],
    [{ page: '3' }, { page: 3, pageSize: 10, offset: 20, limit: 10 }],
    [{ page: '2', page_size: '100' }, { page: 2, pageSize: 100, offset: 100, limit: 100 }],
    [{ page: '+2', page_size: '007' }, { page: 2, pageSize: 7, offset: 7, limit: 7 }],
    [{ page: ['9', '4'], page_size: '5' }, { page: 4, pageSize: 5, offset: 15, limit: 5 }],
    // no minimum in the swagger: page ≤ 0 is the first page, page_size ≤ 0 means no LIMIT
    [{ page: '0' }, { page: 0, pageSize: 10, offset: 0, limit: 10 }],
    [{ page: '-3' }, { page: -3, pageSize: 10, offset: 0, limit: 10 }],
    [{ page: '5', page_size: '0' }, { page: 5, pageSize: 0, offset: 0, limit: undefined }],
    [{ page_size: '-1' }, { page: 1, pageSize: -1, offset: 0, limit: undefined }],
  ];
  for (const [query, expected] of cases) assert.deepEqual(parsePagination(query), expected, JSON.stringify(query));
});

test('parsePagination rejects like go-swagger: 422 with a validation failure list', () => {
  const cases: Array<[QueryInput, string]> = [
    [{ page_size: '101' }, 'validation failure list:\npage_size in query should be less than or equal to 100'],
    [{ page: 'abc' }, 'validation failure list:\npage in query must be of type int64: "abc"'],
    [{ page: '1.5' }, 'validation failure list:\npage in query must be of type int64: "1.5"'],
    [{ page: ' 1' }, 'validation failure list:\npage in query must be of type int64: " 1"'],
    [{ page_size: '1e2' }, 'validation failure list:\npage_size in query must be of type int64: "1e2"'],
    [{ page: 'x', page_size: '500' }, 'validation failure list:\npage in query must be of type int64: "x"\npage_size in query should be less than or equal to 100'],
    [{ page: '99999999999999999999' }, 'validation failure list:\npage in query must be of type int64: "99999999999999999999"'],
  ];
  for (const [query, message] of cases) throwsQuery(() => parsePagination(query), 'UNPROCESSABLE_ENTITY', message);
});

test('paginationHeaders builds Harbor\'s Link header', () => {
  const path = '/api/v2.0/projects';
  const cases: Array<[QueryInput, number, number, number, Record<string, string>]> = [
    [{}, 1, 10, 0, { 'X-Total-Count': '0' }],
    [{}, 1, 10, 10, { 'X-Total-Count': '10' }],
    [{}, 1, 10, 11, { 'X-Total-Count': '11', Link: '</api/v2.0/projects?page=2&page_size=10>; rel="next"' }],
    [
      { page: '2' },
      2, 10, 25,
      { 'X-Total-Count': '25', Link: '</api/v2.0/projects?page=1&page_size=10>; rel="prev" , </api/v2.0/projects?page=3&page_size=10>; rel="next"' },
    ],
    [{ page: '3' }, 3, 10, 25, { 'X-Total-Count': '25', Link: '</api/v2.0/projects?page=2&page_size=10>; rel="prev"' }],
    // past the end: no prev either, because (page-1)*size >= total
    [{ page: '9' }, 9, 10, 25, { 'X-Total-Count': '25' }],
    // page_size=0 lists everything and links nothing
    [{ page_size: '0' }, 1, 0, 25, { 'X-Total-Count': '25' }],
    // other parameters kept, keys sorted, values unescaped as Harbor leaves them
    [
      { with_detail: 'true', sort: '-creation_time,name', q: 'name=~a b,public=true', page_size: '5' },
      1, 5, 12,
      { 'X-Total-Count': '12', Link: '</api/v2.0/projects?page=2&page_size=5&q=name=~a b,public=true&sort=-creation_time,name&with_detail=true>; rel="next"' },
    ],
    [{ a: ['1', '2'], z: { nested: 'x' } }, 1, 1, 2, { 'X-Total-Count': '2', Link: '</api/v2.0/projects?a=1&a=2&page=2&page_size=1>; rel="next"' }],
  ];
  for (const [query, page, size, total, expected] of cases) {
    assert.deepEqual(paginationHeaders(path, query, page, size, total), expected, JSON.stringify([query, page, size, total]));
  }
});

test('paginationHeaders keeps an encoded path and sends non-ASCII as UTF-8 bytes', () => {
  const h = paginationHeaders('/api/v2.0/projects/p/repositories/a%252Fb/artifacts', { q: 'tags=é', x: 'a\nb' }, 1, 10, 11);
  assert.equal(
    Buffer.from(h.Link, 'latin1').toString('utf8'),
    '</api/v2.0/projects/p/repositories/a%252Fb/artifacts?page=2&page_size=10&q=tags=é&x=a b>; rel="next"',
  );
});

test('parseQ: each pattern', () => {
  const cases: Array<[string, QueryTerm[]]> = [
    ['', []],
    ['name=library', [{ key: 'name', kind: 'exact', value: 'library' }]],
    ['name=~lib', [{ key: 'name', kind: 'fuzzy', value: 'lib' }]],
    ['name=\\~lib', [{ key: 'name', kind: 'exact', value: '~lib' }]],
    ['name=\\[x]', [{ key: 'name', kind: 'exact', value: '[x]' }]],
    ['a=b=c', [{ key: 'a', kind: 'exact', value: 'b=c' }]],
    ['size=[10~100]', [{ key: 'size', kind: 'range', min: '10', max: '100' }]],
    ['size=[ 10 ~ ]', [{ key: 'size', kind: 'range', min: '10' }]],
    ['size=[~100]', [{ key: 'size', kind: 'range', max: '100' }]],
    ["push_time=['2020-04-09T02:36:00'~\"2020-05-01T00:00:00\"]", [{ key: 'push_time', kind: 'range', min: '2020-04-09T02:36:00', max: '2020-05-01T00:00:00' }]],
    ['id={1 2 3}', [{ key: 'id', kind: 'or', values: ['1', '2', '3'] }]],
    ["name={'a'  \"b\" c}", [{ key: 'name', kind: 'or', values: ['a', 'b', 'c'] }]],
    ['id={}', [{ key: 'id', kind: 'or', values: [] }]],
    ['labels=(1 2)', [{ key: 'labels', kind: 'and', values: ['1', '2'] }]],
    ['name=~a,public=true', [{ key: 'name', kind: 'fuzzy', value: 'a' }, { key: 'public', kind: 'exact', value: 'true' }]],
    // a repeated key keeps its last value (Harbor's keywords are a map)
    ['name=a,public=true,name=b', [{ key: 'name', kind: 'exact', value: 'b' }, { key: 'public', kind: 'exact', value: 'true' }]],
    // q is unescaped once more: %XX decoded, + is a space (so {a+b} is two items)
    ['tags%3Dnil', [{ key: 'tags', kind: 'exact', value: 'nil' }]],
    ['name={a+b}', [{ key: 'name', kind: 'or', values: ['a', 'b'] }]],
  ];
  for (const [q, expected] of cases) assert.deepEqual(parseQ(q), expected, q);
  // a malformed escape leaves the string as it was
  assert.deepEqual(parseQ('name=100%'), [{ key: 'name', kind: 'exact', value: '100%' }]);
  assert.deepEqual(parseQ('name=a+b%zz'), [{ key: 'name', kind: 'exact', value: 'a+b%zz' }]);
});

test('parseQ: Harbor has no comma escape, so an encoded comma still splits', () => {
  throwsQuery(() => parseQ('name=~a%2Cb'), 'BAD_REQUEST', 'the query string must contain "=" and the key/value cannot be empty');
});

test('parseQ: malformed keywords are 400s with Harbor\'s messages', () => {
  const empty = 'the query string must contain "=" and the key/value cannot be empty';
  const cases: Array<[string, string]> = [
    ['name', empty],
    ['=x', empty],
    ['name=', empty],
    ['name=a,', empty],
    [',name=a', empty],
    ['name=~', 'invalid query string value: ~'],
    ['size=[1~2', 'invalid query string value: [1~2'],
    ['size=[1~2~3]', 'invalid query string value: [1~2~3]'],
    ['size=[1-2]', 'invalid query string value: [1-2]'],
    ['size=[~]', 'invalid query string value: [~]'],
    ['size=[ ~ ]', 'invalid query string value: [ ~ ]'],
    ['id={1 2', 'invalid query string value: {1 2'],
    ['id={', 'invalid query string value: {'],
    ['id=(1 2', 'invalid query string value: (1 2'],
  ];
  for (const [q, message] of cases) throwsQuery(() => parseQ(q), 'BAD_REQUEST', message);
});

test('parseSort', () => {
  const allowed = ['name', 'creation_time', 'update_time'];
  const cases: Array<[string, Array<{ field: string; desc: boolean }>]> = [
    ['', []],
    ['name', [{ field: 'name', desc: false }]],
    ['-creation_time,name', [{ field: 'creation_time', desc: true }, { field: 'name', desc: false }]],
    // Harbor's ORM skips what the model cannot sort by, and empty parts
    ['-bogus,name', [{ field: 'name', desc: false }]],
    ['name,,-', [{ field: 'name', desc: false }]],
    ['--name', []],
  ];
  for (const [sort, expected] of cases) assert.deepEqual(parseSort(sort, allowed), expected, sort);
  throwsQuery(() => parseSort('-bogus,name', allowed, { unknown: 'reject' }), 'BAD_REQUEST', 'unsupported sort field: bogus');
  assert.deepEqual(parseSort('name,,', allowed, { unknown: 'reject' }), [{ field: 'name', desc: false }]);
});

const fields: FieldMap = {
  name: { column: 'name', type: 'string' },
  project_id: { column: 'projectId', type: 'int' },
  public: { column: 'public', type: 'bool' },
  creation_time: { column: 'createdAt', type: 'date' },
  owner: { column: 'owner.username', type: 'string' },
  labels: { column: 'labels', type: 'int', filter: (t) => ({ labels: { some: { labelId: { in: t.kind === 'and' ? t.values.map(Number) : [] } } } }) },
};

test('toPrismaWhere: one condition per term, converted to the column type', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['', {}],
    ['name=library', { AND: [{ name: { equals: 'library' } }] }],
    ['name=~Li_b%', { AND: [{ name: { contains: 'Li\\_b\\%', mode: 'insensitive' } }] }],
    ['name=[a~m]', { AND: [{ name: { gte: 'a', lte: 'm' } }] }],
    ['name={a b}', { AND: [{ name: { in: ['a', 'b'] } }] }],
    ['name=(a b)', { AND: [{ name: { equals: 'a' } }, { name: { equals: 'b' } }] }],
    ['name=(),name={}', { AND: [{ name: { in: [] } }] }],
    ['project_id=7', { AND: [{ projectId: { equals: 7 } }] }],
    ['project_id=[-1~+3]', { AND: [{ projectId: { gte: -1, lte: 3 } }] }],
    ['project_id={1 2}', { AND: [{ projectId: { in: [1, 2] } }] }],
    ['public=true', { AND: [{ public: { equals: true } }] }],
    ['public={0 T}', { AND: [{ public: { in: [false, true] } }] }],
    ['creation_time=[2020-04-09T02:36:00~]', { AND: [{ createdAt: { gte: new Date('2020-04-09T02:36:00Z') } }] }],
    ['creation_time=[2020-04-09 02:36:00~2020-04-10]', { AND: [{ createdAt: { gte: new Date('2020-04-09T02:36:00Z'), lte: new Date('2020-04-10T00:00:00Z') } }] }],
    ['creation_time=2020-04-09T02:36:00.5-02:00', { AND: [{ createdAt: { equals: new Date('2020-04-09T04:36:00.500Z') } }] }],
    // a + reaching parseQ is a space (Harbor unescapes q once more), so a + offset must arrive as %2B
    ['creation_time=2020-04-09T02:36:00%2B02:00', { AND: [{ createdAt: { equals: new Date('2020-04-09T00:36:00.000Z') } }] }],
    ['owner=~adm', { AND: [{ owner: { username: { contains: 'adm', mode: 'insensitive' } } }] }],
    ['labels=(1 2)', { AND: [{ labels: { some: { labelId: { in: [1, 2] } } } }] }],
    // keys the model cannot filter by are skipped, as Harbor's ORM does
    ['bogus=1,name=x', { AND: [{ name: { equals: 'x' } }] }],
    ['bogus=1', {}],
  ];
  for (const [q, expected] of cases) assert.deepEqual(toPrismaWhere(parseQ(q), fields), expected, q);
});

test('toPrismaWhere: values that do not fit the column, and unknown keys on request, are 400s', () => {
  const cases: Array<[string, string]> = [
    ['project_id=abc', 'invalid value of project_id: abc'],
    ['project_id=1.5', 'invalid value of project_id: 1.5'],
    ['project_id={1 x}', 'invalid value of project_id: x'],
    ['public=yes', 'invalid value of public: yes'],
    ['creation_time=yesterday', 'invalid value of creation_time: yesterday'],
    ['creation_time=2020-04-09T02:36:00+02:00', 'invalid value of creation_time: 2020-04-09T02:36:00 02:00'],
    ['creation_time=[2024-02-30T00:00:00~]', 'invalid value of creation_time: 2024-02-30T00:00:00'],
    ['creation_time=[2024-01-01T25:00:00~]', 'invalid value of creation_time: 2024-01-01T25:00:00'],
    ['project_id=~1', 'fuzzy match is not supported on project_id'],
    ['public=[0~1]', 'range is not supported on public'],
  ];
  for (const [q, message] of cases) throwsQuery(() => toPrismaWhere(parseQ(q), fields), 'BAD_REQUEST', message);
  throwsQuery(() => toPrismaWhere(parseQ('bogus=1'), fields, { unknown: 'reject' }), 'BAD_REQUEST', 'unsupported query key: bogus');
  // a key inherited from Object.prototype is not a field
  assert.deepEqual(toPrismaWhere(parseQ('constructor=1'), fields), {});
});

test('toPrismaOrderBy and escapeLike', () => {
  assert.deepEqual(toPrismaOrderBy(parseSort('-creation_time,owner', Object.keys(fields)), fields), [
    { createdAt: 'desc' },
    { owner: { username: 'asc' } },
  ]);
  throwsQuery(() => toPrismaOrderBy([{ field: 'bogus', desc: false }], fields), 'BAD_REQUEST');
  assert.equal(escapeLike('a\\b%c_d'), 'a\\\\b\\%c\\_d');
});
