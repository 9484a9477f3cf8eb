// audit.test.mjs — the audit trail over HTTP: every write leaves a row with who, from where,
// and the changed fields before → after; a refused write leaves none; the chain verifies.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { TODAY, assertError, assertStatus, createProject, duikouBin, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ name: 'audit' }); });
after(async () => { await srv?.stop(); });

const auditOf = async (id) => {
  const r = await srv.get(`/api/v1/audit?entity=projects&entity_id=${id}`);
  assertStatus(r, 200);
  return r.json.items;
};

test('create, change and stage moves are audited with before → after', async () => {
  const p = await createProject(srv, { contact: '李四' });
  let rows = await auditOf(p.id);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].action, 'project.create');
  assert.equal(rows[0].ip, '127.0.0.1');
  assert.equal(rows[0].before, null);
  assert.equal(rows[0].after.contact, '李四');

  assertStatus(await srv.patch(`/api/v1/projects/${p.id}`, { contact: '王五', planned_investment: '6亿元' }), 200);
  rows = await auditOf(p.id);
  assert.equal(rows[0].action, 'project.update');
  assert.deepEqual(rows[0].before, { contact: '李四', planned_investment: 500000000, version: 1 });
  assert.deepEqual(rows[0].after, { contact: '王五', planned_investment: 600000000, version: 2 });
  assert.deepEqual(rows[0].detail, { contact: '王五', planned_investment: '6亿元' });

  assertStatus(await srv.post(`/api/v1/projects/${p.id}/transitions`, { to: 'signed', date: '2026-02-01' }), 200);
  rows = await auditOf(p.id);
  assert.equal(rows[0].action, 'project.stage');
  assert.equal(rows[0].before.stage, 'intention');
  assert.equal(rows[0].after.stage, 'signed');
  assert.equal(rows[0].after.stage_dates.signed, '2026-02-01');

  const history = await srv.get(`/api/v1/projects/${p.id}/history`);
  assert.deepEqual(history.json.items.map((x) => x.action), ['project.stage', 'project.update', 'project.create']);
});

test('a refused write leaves no audit row', async () => {
  const p = await createProject(srv);
  const n = (await auditOf(p.id)).length;
  assertError(await srv.patch(`/api/v1/projects/${p.id}`, { host_region: '999999' }), 422, 'unknown_region');
  assertError(await srv.post(`/api/v1/projects/${p.id}/transitions`, { to: 'production', date: '2026-02-01' }), 422, 'skipped_stage');
  assert.equal((await auditOf(p.id)).length, n);
});

test('audit filters and bad parameters', async () => {
  const r = await srv.get('/api/v1/audit?action=project.update&limit=5');
  assertStatus(r, 200);
  assert.ok(r.json.items.every((x) => x.action === 'project.update'));
  assertError(await srv.get('/api/v1/audit?limit=0'), 400, 'invalid_parameter', 'limit');
  assertError(await srv.get('/api/v1/audit?who=x'), 400, 'invalid_parameter', 'who');
});

test('duikou audit verify: the chain over everything the API wrote holds', async () => {
  const r = await new Promise((resolve) => execFile(duikouBin(), ['audit', 'verify', '--db', srv.dbPath],
    { env: { ...process.env, DUIKOU_TODAY: TODAY } }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /audit chain intact/);
});
