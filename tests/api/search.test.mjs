// search.test.mjs — GET /api/v1/search (and `duikou search`) over a mixed-script fixture: a
// Traditional query finds a Simplified record and back, full-width finds half-width, one- and
// two-character queries, a code prefix, AND and an exact phrase; a name hit ranks above a note
// hit; an account scoped to one pairing sees only its records; the index follows an edit in
// the write's own transaction; bad queries get a 400 naming q. Runs on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import path from 'node:path';
import { assertError, assertStatus, createProject, duikouBin, makeReq, newToken, startServer, tempDir } from './harness.mjs';

let srv;
const fx = {}; // the fixture's records by name
before(async () => {
  srv = await startServer({ demo: true, name: 'search' });
  // a note hit created first, so that an id order could not rank it first by accident
  fx.note = await createProject(srv, { name: '普通仓储项目', content: '拟与鹍鹏集团合作建设冷链中心' });
  fx.name = await createProject(srv, { name: '鹍鹏冷链物流园项目' });
  fx.trad = await createProject(srv, { code: 'ZZSY-2017-031', name: '瀋陽渾南智谷產業園項目', investor: '遼寧測試投資有限公司' });
  fx.simp = await createProject(srv, { name: '京东云仓沈北项目' });
  fx.wide = await createProject(srv, { name: 'ＡＢＣ新材料项目' });
  fx.one = await createProject(srv, { name: '燚鑫能源项目' });
  fx.other = await createProject(srv, {
    name: '鹍鹏大连港项目', pairing: 'sh-dl', host_region: '210211', investor_region: '310101',
  });
  const p = await srv.post(`/api/v1/projects/${fx.trad.id}/problems`, { title: '瀋陽物流堵點待協調', detail: '道路施工' });
  assertStatus(p, 201);
  fx.problem = p.json;
});
after(async () => { await srv?.stop(); });

const search = (query) => srv.get(`/api/v1/search?${new URLSearchParams(query)}`);
/** The hits of a search as "kind:id", best first within each group, groups in order. */
async function hits(query) {
  const r = await search(query);
  assertStatus(r, 200, JSON.stringify(query));
  return r.json.groups.flatMap((g) => g.items.map((x) => `${x.kind}:${x.id}`));
}
const P = (x) => `project:${x.id}`;

describe('what a Chinese user types finds what they mean', () => {
  test('Simplified finds Traditional, and Traditional finds Simplified', async () => {
    assert.equal((await hits({ q: '沈阳浑南', kind: 'project' }))[0], P(fx.trad));
    assert.equal((await hits({ q: '京東雲倉' }))[0], P(fx.simp));
    assert.equal((await hits({ q: '辽宁测试投资' }))[0], P(fx.trad), 'the investor is indexed');
  });

  test('full-width finds half-width and back, whatever the case', async () => {
    assert.equal((await hits({ q: 'abc' }))[0], P(fx.wide));
    assert.equal((await hits({ q: 'ＡＢＣ' }))[0], P(fx.wide));
    assert.equal((await hits({ q: 'Abc新材料' }))[0], P(fx.wide));
  });

  test('two characters and one character are enough', async () => {
    assert.deepEqual(await hits({ q: '智谷' }), [P(fx.trad)]);
    assert.deepEqual(await hits({ q: '燚' }), [P(fx.one)]);
  });

  test('a code prefix', async () => {
    assert.deepEqual(await hits({ q: 'ZZSY-2017*' }), [P(fx.trad)]);
    assert.deepEqual(await hits({ q: 'zzsy-20*' }), [P(fx.trad)]);
    assert.deepEqual(await hits({ q: 'ZZSY-2018*' }), []);
  });

  test('words AND together; quotes make an exact phrase', async () => {
    assert.deepEqual(await hits({ q: '云仓 沈北' }), [P(fx.simp)]);
    assert.deepEqual(await hits({ q: '云仓 AND 沈北' }), [P(fx.simp)]);
    assert.deepEqual(await hits({ q: '云仓 浑南' }), []);
    assert.equal((await hits({ q: '京东 沈北' }))[0], P(fx.simp), 'the record with both words in its name first');
    assert.deepEqual(await hits({ q: '"云仓沈北"' }), [P(fx.simp)]);
    assert.deepEqual(await hits({ q: '"沈北云仓"' }), []);
    assert.deepEqual(await hits({ q: '云仓沈北' }), [P(fx.simp)], 'a long word is matched as a phrase');
  });

  test('a name hit ranks above a note hit', async () => {
    const all = await hits({ q: '鹍鹏' });
    assert.ok(all.includes(P(fx.note)), 'the note is found');
    assert.ok(all.indexOf(P(fx.name)) < all.indexOf(P(fx.note)), `name before note: ${all}`);
  });

  test('results carry the title as stored, a highlighted snippet of the stored text and the path', async () => {
    const r = await search({ q: '沈阳 智谷', kind: 'project' });
    assertStatus(r, 200);
    assert.equal(r.json.count, 1);
    assert.equal(r.json.groups.length, 1);
    const g = r.json.groups[0];
    assert.equal(g.kind, 'project');
    assert.equal(g.label, '项目');
    const x = g.items[0];
    assert.deepEqual(Object.keys(x).sort(), ['id', 'kind', 'pairing', 'path', 'snippet', 'title']);
    assert.equal(x.title, '瀋陽渾南智谷產業園項目');
    assert.equal(x.snippet, '<mark>瀋陽</mark>渾南<mark>智谷</mark>產業園項目');
    assert.equal(x.path, `/api/v1/projects/${fx.trad.id}`);
    assert.equal(x.pairing, 'bj-sy');
    assertStatus(await srv.get(x.path), 200);
  });

  test('problems and units are found, grouped by kind', async () => {
    const r = await search({ q: '沈阳 堵点' });
    assertStatus(r, 200);
    assert.deepEqual(r.json.groups.map((g) => g.kind), ['problem']);
    const x = r.json.groups[0].items[0];
    assert.equal(x.id, fx.problem.id);
    assert.equal(x.title, '瀋陽物流堵點待協調');
    assert.equal(x.path, `/api/v1/problems/${fx.problem.id}`);
    const units = await search({ q: '法库', kind: 'unit' });
    assertStatus(units, 200);
    assert.deepEqual(units.json.groups.map((g) => g.kind), ['unit']);
    assert.ok(units.json.groups[0].items[0].title.includes('法库'));
    assert.equal(units.json.groups[0].items[0].path, '/api/v1/units?pairing=bj-sy');
  });

  test('kind and pairing filters', async () => {
    assert.deepEqual(await hits({ q: '鹍鹏', pairing: 'sh-dl' }), [P(fx.other)]);
    assert.deepEqual(await hits({ q: '堵点', kind: 'project' }), []);
    assert.deepEqual(await hits({ q: '堵点', kind: 'project,problem' }), [`problem:${fx.problem.id}`]);
    assertError(await search({ q: '沈阳', kind: 'nonsense' }), 400, 'invalid_field', 'kind');
    assertError(await search({ q: '沈阳', pairing: 'no-such' }), 400, 'invalid_field', 'pairing');
    assertError(await search({ q: '沈阳', limit: '0' }), 400);
    assert.equal((await hits({ q: '项目', limit: '3' })).length, 3);
  });
});

describe('who sees what', () => {
  test('an account scoped to one pairing does not see another pairing\'s records', async () => {
    const u = await srv.post('/api/v1/users', {
      login: 'searcher', name: '检索员', role: 'viewer', pairing: 'bj-sy', password: 'a-long-password-1',
    });
    assertStatus(u, 201);
    const viewer = makeReq(srv.base, await newToken(srv.dbPath, 'searcher', 't'));
    const mine = await viewer('GET', '/api/v1/search?q=%E9%B9%8D%E9%B9%8F'); // 鹍鹏
    assertStatus(mine, 200);
    const ids = mine.json.groups.flatMap((g) => g.items.map((x) => x.id));
    assert.ok(ids.includes(fx.name.id) && ids.includes(fx.note.id));
    assert.ok(!ids.includes(fx.other.id), 'the sh-dl project stays hidden');
    assert.ok((await hits({ q: '鹍鹏' })).includes(P(fx.other)), 'the administrator sees it');
    assertError(await viewer('GET', '/api/v1/search?q=%E9%B9%8D%E9%B9%8F&pairing=sh-dl'), 400, 'invalid_field', 'pairing');
    assertError(await srv.anon('GET', '/api/v1/search?q=x'), 401);
  });
});

describe('the index follows the records', () => {
  test('an edit is searchable as soon as it is answered, the old text no longer', async () => {
    const before = await srv.get(`/api/v1/projects/${fx.simp.id}`);
    const r = await srv.patch(`/api/v1/projects/${fx.simp.id}`, { name: '京东云仓于洪项目' }, { 'If-Match': before.headers.get('etag') });
    assertStatus(r, 200);
    assert.deepEqual(await hits({ q: '于洪 云仓' }), [P(fx.simp)]);
    assert.deepEqual(await hits({ q: '云仓沈北' }), []);
  });

  test('a resolution is indexed with its problem', async () => {
    const r = await srv.post(`/api/v1/problems/${fx.problem.id}/resolve`, { resolution: '已协调交警部门绕行' });
    assertStatus(r, 200);
    assert.deepEqual(await hits({ q: '交警 绕行' }), [`problem:${fx.problem.id}`]);
  });

  const run = (args) => new Promise((resolve) => {
    execFile(duikouBin(), args, { env: process.env }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
  });

  test('duikou search on the command line, and --rebuild', async () => {
    const rb = await run(['search', '--rebuild', '--db', srv.dbPath]);
    assert.equal(rb.code, 0, rb.stderr);
    assert.match(rb.stdout, /search index rebuilt \(\d+ records\)/);
    const audited = await srv.get('/api/v1/audit?action=search.rebuild');
    assertStatus(audited, 200);
    assert.equal(audited.json.items.length, 1, 'the rebuild is audited');
    const r = await run(['search', '燚', '--json', '--db', srv.dbPath]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).groups.flatMap((g) => g.items.map((x) => x.id)), [fx.one.id]);
    const text = await run(['search', '燚鑫', '--db', srv.dbPath]);
    assert.match(text.stdout, /\[燚鑫\]能源项目/);
    const bad = await run(['search', '"燚', '--db', srv.dbPath]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /quote/);
  });

  test('without OpenCC\'s t2s data duikou stops at start, naming the package', async () => {
    const r = await new Promise((resolve) => {
      execFile(duikouBin(), ['search', '沈阳', '--db', srv.dbPath], { env: { ...process.env, DUIKOU_OPENCC_CONFIG: '/nonexistent/t2s.json' } },
        (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stderr }));
    });
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stderr, /libopencc-data/);
    assert.match(r.stderr, /\/nonexistent\/t2s\.json/);
  });

  test('a copy to another database is searchable: the index is rebuilt there, not copied', async () => {
    const target = path.join(tempDir('duikou-search-copy-'), 'copy.db');
    const c = await run(['copy', '--from', srv.dbPath, '--to', target]);
    assert.equal(c.code, 0, c.stderr + c.stdout);
    const ids = async (db, q) => JSON.parse((await run(['search', q, '--json', '--limit', '100', '--db', db])).stdout)
      .groups.flatMap((g) => g.items.map((x) => `${x.kind}:${x.id}`));
    for (const q of ['燚', '沈阳 智谷', '京東', 'ZZSY-2017*', '"于洪"', '交警']) {
      assert.deepEqual((await ids(target, q)).sort(), (await ids(srv.dbPath, q)).sort(), `the same hits for ${q}`);
    }
    assert.deepEqual(await ids(target, '燚'), [P(fx.one)]);
  });
});

describe('bad queries get a clear 400, never a crash', () => {
  test('unbalanced quote, operators only, 10,000 characters, nothing', async () => {
    const e1 = assertError(await search({ q: '"沈阳 大连' }), 400, 'unbalanced_quote', 'q');
    assert.match(e1.message, /byte 0/);
    assertError(await search({ q: 'AND * ( ) -' }), 400, 'no_terms', 'q');
    assertError(await search({ q: '沈阳 OR 大连' }), 400, 'unsupported_operator', 'q');
    const e3 = assertError(await search({ q: 'a'.repeat(10000) }), 400, 'too_long', 'q');
    assert.match(e3.message, /10000/);
    assertError(await search({ q: '沈'.repeat(1000) }), 400, 'too_long', 'q');
    // 10,000 Chinese characters are 90 KB of URL: past the 32 KiB request-line limit
    // (docs/operations.md), refused before search sees them
    assert.equal((await search({ q: '沈'.repeat(10000) })).status, 414);
    assertError(await srv.get('/api/v1/search'), 400, 'missing_field', 'q');
    assertError(await search({ q: '   ' }), 400, 'missing_field', 'q');
    assertError(await search({ q: '沈阳', sort: 'x' }), 400);
    // the server is still answering
    assert.equal((await hits({ q: '燚' }))[0], P(fx.one));
  });
});
