// problems.test.mjs — coordination problems (协调问题): raise, list, assign (交办), resolve (办结),
// and the refusals, each checked to have written nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertStatus, createProject, startServer } from './harness.mjs';

let srv;
let units; // bj-sy's units
let otherUnit; // a unit of another pairing
before(async () => {
  srv = await startServer({ demo: true, name: 'problems' });
  units = (await srv.get('/api/v1/units?pairing=bj-sy')).json.items;
  assert.ok(units.length >= 2);
  otherUnit = (await srv.get('/api/v1/units?pairing=sh-dl')).json.items[0];
  assert.ok(otherUnit, 'sh-dl has units');
});
after(async () => { await srv?.stop(); });

const raise = (pid, body) => srv.post(`/api/v1/projects/${pid}/problems`, body);
const getProblem = async (id) => {
  const r = await srv.get(`/api/v1/problems/${id}`);
  assertStatus(r, 200);
  return r.json;
};
const countOf = async (pid) => (await srv.get(`/api/v1/projects/${pid}/problems`)).json.items.length;

function assertProblemShape(x) {
  for (const k of ['id', 'project_id', 'project_code', 'project_name', 'title', 'detail', 'raised_by', 'raised_date',
    'assigned_unit_id', 'assigned_unit', 'state', 'resolution', 'resolved_date', 'version']) {
    assert.ok(k in x, `problem has ${k}: ${JSON.stringify(x)}`);
  }
}

describe('raise, assign, resolve', () => {
  test('the whole path: open → assigned → resolved', async () => {
    const p = await createProject(srv, { name: '协调问题测试项目' });
    const r = await raise(p.id, { title: '项目用地指标未落实', detail: '需协调调剂用地指标', raised_date: '2026-03-01' });
    assertStatus(r, 201);
    const x = r.json;
    assertProblemShape(x);
    assert.equal(x.project_id, p.id);
    assert.equal(x.project_code, p.code);
    assert.equal(x.project_name, '协调问题测试项目');
    assert.equal(x.title, '项目用地指标未落实');
    assert.equal(x.detail, '需协调调剂用地指标');
    assert.equal(x.raised_date, '2026-03-01');
    assert.equal(typeof x.raised_by, 'string');
    assert.equal(x.state, 'open');
    assert.equal(x.assigned_unit_id, null);
    assert.equal(x.resolution, null);
    assert.equal(x.resolved_date, null);

    assert.deepEqual(await getProblem(x.id), x);
    const ofProject = await srv.get(`/api/v1/projects/${p.id}/problems`);
    assertStatus(ofProject, 200);
    assert.deepEqual(ofProject.json.items.map((y) => y.id), [x.id]);
    const detail = await srv.get(`/api/v1/projects/${p.id}`);
    assert.deepEqual(detail.json.problems.map((y) => y.id), [x.id], 'the project detail carries its problems');

    const a = await srv.post(`/api/v1/problems/${x.id}/assign`, { unit_id: units[0].id });
    assertStatus(a, 200);
    assert.equal(a.json.state, 'assigned');
    assert.equal(a.json.assigned_unit_id, units[0].id);
    assert.equal(a.json.assigned_unit, units[0].name);
    assert.ok(a.json.version > x.version);

    // reassigning to another unit of the pairing is allowed
    const a2 = await srv.post(`/api/v1/problems/${x.id}/assign`, { unit_id: units[1].id });
    assertStatus(a2, 200);
    assert.equal(a2.json.assigned_unit_id, units[1].id);
    assert.equal(a2.json.state, 'assigned');

    const s = await srv.post(`/api/v1/problems/${x.id}/resolve`, { resolution: '已调剂用地指标 120 亩', resolved_date: '2026-04-10' });
    assertStatus(s, 200);
    assert.equal(s.json.state, 'resolved');
    assert.equal(s.json.resolution, '已调剂用地指标 120 亩');
    assert.equal(s.json.resolved_date, '2026-04-10');
    assert.deepEqual(await getProblem(x.id), s.json);
  });

  test('an open problem can be resolved without being assigned', async () => {
    const p = await createProject(srv);
    const x = (await raise(p.id, { title: '手续咨询', raised_date: '2026-05-01' })).json;
    const s = await srv.post(`/api/v1/problems/${x.id}/resolve`, { resolution: '当场答复', resolved_date: '2026-05-01' });
    assertStatus(s, 200);
    assert.equal(s.json.state, 'resolved');
  });
});

describe('listing problems', () => {
  let p1; let p2; let open; let assigned; let resolved; let shdl;
  before(async () => {
    p1 = await createProject(srv);
    p2 = await createProject(srv);
    open = (await raise(p1.id, { title: '问题一', raised_date: '2026-06-01' })).json;
    assigned = (await raise(p1.id, { title: '问题二', raised_date: '2026-06-02' })).json;
    assertStatus(await srv.post(`/api/v1/problems/${assigned.id}/assign`, { unit_id: units[0].id }), 200);
    resolved = (await raise(p2.id, { title: '问题三', raised_date: '2026-06-03' })).json;
    assertStatus(await srv.post(`/api/v1/problems/${resolved.id}/resolve`, { resolution: '已解决', resolved_date: '2026-06-04' }), 200);
    const q = await createProject(srv, { pairing: 'sh-dl', host_region: '210200', investor_region: '310101', unit_id: undefined });
    shdl = (await raise(q.id, { title: '大连的问题', raised_date: '2026-06-05' })).json;
  });

  test('by project_id', async () => {
    const r = await srv.get(`/api/v1/problems?project_id=${p1.id}`);
    assertStatus(r, 200);
    assert.deepEqual(r.json.items.map((x) => x.id).sort((a, b) => a - b), [open.id, assigned.id].sort((a, b) => a - b));
    r.json.items.forEach(assertProblemShape);
  });

  test('by state', async () => {
    for (const [state, mine] of [['open', open], ['assigned', assigned], ['resolved', resolved]]) {
      const r = await srv.get(`/api/v1/problems?state=${state}`);
      assertStatus(r, 200);
      assert.ok(r.json.items.every((x) => x.state === state), state);
      assert.ok(r.json.items.some((x) => x.id === mine.id), `${state} lists ours`);
    }
    const both = await srv.get(`/api/v1/problems?state=open&project_id=${p1.id}`);
    assert.deepEqual(both.json.items.map((x) => x.id), [open.id]);
  });

  test('by pairing', async () => {
    const bj = await srv.get('/api/v1/problems?pairing=bj-sy');
    assertStatus(bj, 200);
    const bjIds = bj.json.items.map((x) => x.id);
    assert.ok(bjIds.includes(open.id) && bjIds.includes(resolved.id));
    assert.ok(!bjIds.includes(shdl.id));
    const dl = await srv.get('/api/v1/problems?pairing=sh-dl');
    const dlIds = dl.json.items.map((x) => x.id);
    assert.ok(dlIds.includes(shdl.id));
    assert.ok(!dlIds.includes(open.id));
    const all = await srv.get('/api/v1/problems');
    assert.ok(all.json.items.length >= bjIds.length + dlIds.length);
  });

  test('bad filters are 400 invalid_parameter', async () => {
    assertError(await srv.get('/api/v1/problems?state=closed'), 400, 'invalid_parameter', 'state');
    assertError(await srv.get('/api/v1/problems?project_id=abc'), 400, 'invalid_parameter', 'project_id');
    assertError(await srv.get('/api/v1/problems?colour=red'), 400, 'invalid_parameter', 'colour');
  });
});

describe('refusals', () => {
  test('raising: missing title, bad or future date, unknown fields, unknown project', async () => {
    const p = await createProject(srv);
    const cases = [
      [{ raised_date: '2026-03-01' }, 400, 'missing_field', 'title'],
      [{ title: '', raised_date: '2026-03-01' }, 400, 'missing_field', 'title'],
      [{ title: 'x', raised_date: '2026-02-30' }, 400, 'invalid_field', 'raised_date'],
      [{ title: 'x', raised_date: '2026-11-16' }, 422, 'future_date', 'raised_date'],
      [{ title: 'x', raised_date: '2026-03-01', state: 'resolved' }, 400, 'unknown_field', 'state'],
      [{ title: 42, raised_date: '2026-03-01' }, 400, 'invalid_type', 'title'],
    ];
    for (const [body, status, code, field] of cases) {
      assertError(await raise(p.id, body), status, code, field);
    }
    assert.equal(await countOf(p.id), 0, 'nothing was written');
    assertError(await raise(99999999, { title: 'x', raised_date: '2026-03-01' }), 404, 'not_found');
    assertError(await srv.get('/api/v1/projects/99999999/problems'), 404, 'not_found');
  });

  test('assigning: unknown unit (422 unknown_unit), a unit of another pairing (422), bad bodies (400)', async () => {
    const p = await createProject(srv);
    const x = (await raise(p.id, { title: '待交办', raised_date: '2026-03-01' })).json;
    assertError(await srv.post(`/api/v1/problems/${x.id}/assign`, { unit_id: 99999999 }), 422, 'unknown_unit', 'unit_id');
    assertError(await srv.post(`/api/v1/problems/${x.id}/assign`, { unit_id: otherUnit.id }), 422, undefined, 'unit_id');
    assertError(await srv.post(`/api/v1/problems/${x.id}/assign`, {}), 400, 'missing_field', 'unit_id');
    assertError(await srv.post(`/api/v1/problems/${x.id}/assign`, { unit_id: 'abc' }), 400, 'invalid_type', 'unit_id');
    assertError(await srv.post(`/api/v1/problems/${x.id}/assign`, { unit_id: units[0].id, note: 'x' }), 400, 'unknown_field', 'note');
    const after2 = await getProblem(x.id);
    assert.deepEqual(after2, x, 'nothing was written');
    assertError(await srv.post('/api/v1/problems/99999999/assign', { unit_id: units[0].id }), 404, 'not_found');
  });

  test('resolving: missing resolution, date before raised or in the future, twice', async () => {
    const p = await createProject(srv);
    const x = (await raise(p.id, { title: '待办结', raised_date: '2026-03-10' })).json;
    const url = `/api/v1/problems/${x.id}/resolve`;
    assertError(await srv.post(url, { resolved_date: '2026-03-20' }), 400, 'missing_field', 'resolution');
    assertError(await srv.post(url, { resolution: '', resolved_date: '2026-03-20' }), 400, 'missing_field', 'resolution');
    assertError(await srv.post(url, { resolution: '好了', resolved_date: '2026-03-09' }), 422, 'dates_backwards', 'resolved_date');
    assertError(await srv.post(url, { resolution: '好了', resolved_date: '2026-12-01' }), 422, 'future_date', 'resolved_date');
    assert.deepEqual(await getProblem(x.id), x, 'nothing was written');

    const ok = await srv.post(url, { resolution: '好了', resolved_date: '2026-03-20' });
    assertStatus(ok, 200);
    // a resolved problem is closed: resolving again or assigning it is refused, and changes nothing
    const again = await srv.post(url, { resolution: '又好了', resolved_date: '2026-03-21' });
    assertError(again, 409, 'already_resolved');
    const assign = await srv.post(`/api/v1/problems/${x.id}/assign`, { unit_id: units[0].id });
    assertError(assign, 409, 'already_resolved');
    assert.deepEqual(await getProblem(x.id), ok.json);
    assertError(await srv.post('/api/v1/problems/99999999/resolve', { resolution: 'x', resolved_date: '2026-03-20' }), 404, 'not_found');
  });

  test('a problem that does not exist is 404; a non-numeric id is 404 or 400', async () => {
    assertError(await srv.get('/api/v1/problems/99999999'), 404, 'not_found');
    const r = await srv.get('/api/v1/problems/abc');
    assertError(r, r.status === 400 ? 400 : 404);
  });
});

describe('versions', () => {
  test('a problem carries its version as the ETag; a stale If-Match is 412 with the current one', async () => {
    const p = await createProject(srv, { name: '版本测试项目' });
    const r = await raise(p.id, { title: '水电气接入' });
    assertStatus(r, 201);
    assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
    const a = await srv.post(`/api/v1/problems/${r.json.id}/assign`, { unit_id: units[0].id }, { 'If-Match': `"${r.json.version}"` });
    assertStatus(a, 200);
    assert.equal(a.json.version, r.json.version + 1);
    const stale = await srv.post(`/api/v1/problems/${r.json.id}/resolve`, { resolution: '已接入' }, { 'If-Match': `"${r.json.version}"` });
    assertError(stale, 412, 'stale_version');
    assert.equal(stale.headers.get('etag'), `"${a.json.version}"`);
    assert.equal((await getProblem(r.json.id)).state, 'assigned', 'the stale write changed nothing');
  });

  test('a warning rule takes If-Match too', async () => {
    const rules = (await srv.get('/api/v1/warning-rules')).json.items;
    const rule = rules.find((x) => x.code === 'no_report');
    const stale = await srv.patch('/api/v1/warning-rules/no_report', { enabled: true }, { 'If-Match': `"${rule.version + 5}"` });
    assertError(stale, 412, 'stale_version');
    const ok = await srv.patch('/api/v1/warning-rules/no_report', { enabled: true }, { 'If-Match': `"${rule.version}"` });
    assertStatus(ok, 200);
    assert.equal(ok.headers.get('etag'), `"${rule.version + 1}"`);
  });
});
