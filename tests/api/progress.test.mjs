// progress.test.mjs — monthly progress reports (月调度): the reporting rules, replacement on
// re-report, completed investment as the sum of the reports, and closed months (关账).
// Today is 2026-11-15 (DUIKOU_TODAY), so 2026-11 is the current month and 2026-12 the future.
// The demo data closes every month up to two before its "today"; it is loaded as of 2025-06-15,
// so the months from 2025-05 on are open and the tests close the ones they need.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertStatus, createProject, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true, name: 'progress', initToday: '2025-06-15' }); });
after(async () => { await srv?.stop(); });

const report = (id, body) => srv.post(`/api/v1/projects/${id}/progress`, body);
const progress = async (id) => {
  const r = await srv.get(`/api/v1/projects/${id}/progress`);
  assertStatus(r, 200);
  return r.json.items;
};
const project = async (id, q = '') => {
  const r = await srv.get(`/api/v1/projects/${id}${q}`);
  assertStatus(r, 200);
  return r.json;
};

/** A signed project (signed 2026-03-15). */
const signedProject = (extra = {}) => createProject(srv, {
  stage: 'signed', intention_date: '2026-01-10', signed_date: '2026-03-15', ...extra,
});

/** Asserts a report is refused and that nothing about the project's progress changed. */
async function refused(id, body, status, code, field) {
  const beforeItems = await progress(id);
  const beforeP = await project(id);
  const r = await report(id, body);
  assertError(r, status, code, field);
  assert.deepEqual(await progress(id), beforeItems, `refused report ${JSON.stringify(body)} changed the reports`);
  const afterP = await project(id);
  assert.equal(afterP.completed_investment, beforeP.completed_investment);
  assert.equal(afterP.version, beforeP.version);
  return r;
}

describe('reporting', () => {
  test('report, re-report replaces, and completed investment is the sum of the reports', async () => {
    const p = await signedProject();
    assert.deepEqual(await progress(p.id), []);

    const a = await report(p.id, { month: '2026-03', amount: 1000000, note: '场地平整' });
    assertStatus(a, 201);
    assert.deepEqual(a.json, { month: '2026-03', amount: 1000000, replaced: false });

    const b = await report(p.id, { month: '2026-04', amount: '150万元' });
    assertStatus(b, 201);
    assert.equal(b.json.amount, 1500000);
    assert.equal(b.json.replaced, false);

    const c = await report(p.id, { month: '2026-06', amount: '1,234.56万元' });
    assertStatus(c, 201);
    assert.equal(c.json.amount, 12345600);

    let items = await progress(p.id);
    assert.deepEqual(items.map((x) => [x.month, x.amount]), [['2026-03', 1000000], ['2026-04', 1500000], ['2026-06', 12345600]]);
    for (const x of items) {
      for (const k of ['month', 'amount', 'note', 'reason', 'reported_by', 'created_at', 'updated_at', 'version']) assert.ok(k in x, k);
      assert.ok(Number.isInteger(x.amount));
    }
    assert.equal(items[0].note, '场地平整');

    let q = await project(p.id);
    assert.equal(q.completed_investment, 1000000 + 1500000 + 12345600);
    assert.equal(q.completed_in_year, 1000000 + 1500000 + 12345600);
    assert.equal(q.last_report_month, '2026-06');

    // re-report March: replaced, 200
    const d = await report(p.id, { month: '2026-03', amount: 2000000, note: '更正' });
    assertStatus(d, 200);
    assert.deepEqual(d.json, { month: '2026-03', amount: 2000000, replaced: true });
    items = await progress(p.id);
    assert.equal(items.length, 3, 're-reporting does not add a row');
    const march = items.find((x) => x.month === '2026-03');
    assert.equal(march.amount, 2000000);
    assert.equal(march.note, '更正');
    assert.ok(march.version >= 2, 'the replaced report has a new version');
    q = await project(p.id);
    const sum = items.reduce((s, x) => s + x.amount, 0);
    assert.equal(sum, 2000000 + 1500000 + 12345600);
    assert.equal(q.completed_investment, sum, 'completed investment = the sum of the reports');

    // reporting zero is allowed
    const z = await report(p.id, { month: '2026-05', amount: 0 });
    assertStatus(z, 201);
    assert.equal((await project(p.id)).completed_investment, sum);
  });

  test('the current month may be reported', async () => {
    const p = await signedProject();
    const r = await report(p.id, { month: '2026-11', amount: 5 });
    assertStatus(r, 201);
  });

  test('completed investment and completed_in_year follow as_of and the year', async () => {
    const p = await createProject(srv, { stage: 'signed', intention_date: '2025-10-01', signed_date: '2025-11-01' });
    assertStatus(await report(p.id, { month: '2025-11', amount: 100 }), 201);
    assertStatus(await report(p.id, { month: '2025-12', amount: 200 }), 201);
    assertStatus(await report(p.id, { month: '2026-01', amount: 400 }), 201);
    assertStatus(await report(p.id, { month: '2026-04', amount: 800 }), 201);
    const now = await project(p.id);
    assert.equal(now.completed_investment, 1500);
    assert.equal(now.completed_in_year, 1200, 'the 2026 reports');
    const then = await project(p.id, '?as_of=2026-02-28');
    assert.equal(then.completed_investment, 700, 'reports up to 2026-02');
    assert.equal(then.completed_in_year, 400);
    const lastYear = await project(p.id, '?as_of=2025-12-31');
    assert.equal(lastYear.completed_investment, 300);
    assert.equal(lastYear.completed_in_year, 300);
  });

  test('the listing shows the cumulative completed investment and sorts by it', async () => {
    const p = await signedProject({ name: `累计排序${process.pid}` });
    assertStatus(await report(p.id, { month: '2026-04', amount: 987654321 }), 201);
    const l = await srv.get(`/api/v1/projects?q=${encodeURIComponent(`累计排序${process.pid}`)}`);
    assert.equal(l.json.items[0].completed_investment, 987654321);
  });
});

describe('reporting rules', () => {
  test('a project not yet signed cannot report (422 not_signed)', async () => {
    const p = await createProject(srv);
    await refused(p.id, { month: '2026-03', amount: 100 }, 422, 'not_signed');
  });

  test('a month before the signing month is 422 before_signing; the signing month itself is fine', async () => {
    const p = await signedProject();
    await refused(p.id, { month: '2026-02', amount: 100 }, 422, 'before_signing');
    await refused(p.id, { month: '2025-12', amount: 100 }, 422, 'before_signing');
    assertStatus(await report(p.id, { month: '2026-03', amount: 100 }), 201);
  });

  test('a future month is 422 future_month', async () => {
    const p = await signedProject();
    await refused(p.id, { month: '2026-12', amount: 100 }, 422, 'future_month', 'month');
    await refused(p.id, { month: '2030-01', amount: 100 }, 422, 'future_month', 'month');
  });

  test('a negative amount is refused: 422 negative_amount (or 400 invalid_money for text)', async () => {
    const p = await signedProject();
    await refused(p.id, { month: '2026-04', amount: -1 }, 422, 'negative_amount', 'amount');
    const r = await report(p.id, { month: '2026-04', amount: '-5万元' });
    assertError(r, r.status === 400 ? 400 : 422, r.status === 400 ? 'invalid_money' : 'negative_amount', 'amount');
    assert.deepEqual(await progress(p.id), []);
  });

  test('money text more precise than a yuan, or not money at all, is 400 invalid_money', async () => {
    const p = await signedProject();
    await refused(p.id, { month: '2026-04', amount: '1.23456万元' }, 400, 'invalid_money', 'amount');
    await refused(p.id, { month: '2026-04', amount: '一百万' }, 400, 'invalid_money', 'amount');
    await refused(p.id, { month: '2026-04', amount: '' }, 400, ['invalid_money', 'missing_field'], 'amount');
    await refused(p.id, { month: '2026-04', amount: 1.5 }, 400, ['invalid_type', 'invalid_money'], 'amount');
  });

  test('malformed reports are 400', async () => {
    const p = await signedProject();
    await refused(p.id, { month: '2026-13', amount: 1 }, 400, 'invalid_field', 'month');
    await refused(p.id, { month: '2026-4', amount: 1 }, 400, 'invalid_field', 'month');
    await refused(p.id, { amount: 1 }, 400, 'missing_field', 'month');
    await refused(p.id, { month: '2026-04' }, 400, 'missing_field', 'amount');
    await refused(p.id, { month: '2026-04', amount: true }, 400, 'invalid_type', 'amount');
    await refused(p.id, { month: 202604, amount: 1 }, 400, 'invalid_type', 'month');
    await refused(p.id, { month: '2026-04', amount: 1, colour: 'red' }, 400, 'unknown_field', 'colour');
  });

  test('a project that does not exist is 404', async () => {
    assertError(await report(99999999, { month: '2026-04', amount: 1 }), 404, 'not_found');
    assertError(await srv.get('/api/v1/projects/99999999/progress'), 404, 'not_found');
  });

  test('a terminated project keeps its reports visible', async () => {
    const p = await signedProject();
    assertStatus(await report(p.id, { month: '2026-04', amount: 10 }), 201);
    assertStatus(await srv.post(`/api/v1/projects/${p.id}/transitions`, { to: 'terminated', date: '2026-05-01', reason: '撤资' }), 200);
    assert.equal((await progress(p.id)).length, 1);
    assert.equal((await project(p.id)).completed_investment, 10);
  });
});

describe('closed months (关账)', () => {
  test('closing a month: 201, listed, twice is 409 already_closed', async () => {
    const r = await srv.post('/api/v1/pairings/bj-sy/closed-months', { month: '2026-05' });
    assertStatus(r, 201);
    assert.equal(r.json.month, '2026-05');
    const l = await srv.get('/api/v1/pairings/bj-sy/closed-months');
    assertStatus(l, 200);
    const row = l.json.items.find((x) => x.month === '2026-05');
    assert.ok(row, JSON.stringify(l.json));
    assert.equal(typeof row.closed_by, 'string');
    assert.equal(typeof row.closed_at, 'string');
    const again = await srv.post('/api/v1/pairings/bj-sy/closed-months', { month: '2026-05' });
    assertError(again, 409, 'already_closed');
    const l2 = await srv.get('/api/v1/pairings/bj-sy/closed-months');
    assert.equal(l2.json.items.filter((x) => x.month === '2026-05').length, 1);
    assertStatus(await srv.get('/api/v1/pairings/sh-dl/closed-months'), 200);
  });

  test('the current and future months cannot be closed (422 month_not_over)', async () => {
    assertError(await srv.post('/api/v1/pairings/bj-sy/closed-months', { month: '2026-11' }), 422, 'month_not_over');
    assertError(await srv.post('/api/v1/pairings/bj-sy/closed-months', { month: '2027-01' }), 422, 'month_not_over');
    const l = await srv.get('/api/v1/pairings/bj-sy/closed-months');
    assert.ok(!l.json.items.some((x) => x.month === '2026-11' || x.month === '2027-01'));
  });

  test('closing: bad input and unknown pairing', async () => {
    assertError(await srv.post('/api/v1/pairings/bj-sy/closed-months', { month: '2026-13' }), 400, 'invalid_field', 'month');
    assertError(await srv.post('/api/v1/pairings/bj-sy/closed-months', {}), 400, 'missing_field', 'month');
    assertError(await srv.post('/api/v1/pairings/bj-sy/closed-months', { month: '2026-04', by: 'x' }), 400, 'unknown_field', 'by');
    assertError(await srv.post('/api/v1/pairings/no-such/closed-months', { month: '2026-04' }), 404, 'not_found');
    assertError(await srv.get('/api/v1/pairings/no-such/closed-months'), 404, 'not_found');
  });

  test('reporting a closed month needs a reason (422 reason_required); with one it is recorded', async () => {
    assertStatus(await srv.post('/api/v1/pairings/bj-sy/closed-months', { month: '2026-07' }), 201);
    const p = await signedProject();
    await refused(p.id, { month: '2026-07', amount: 300 }, 422, 'reason_required', 'reason');
    await refused(p.id, { month: '2026-07', amount: 300, reason: '' }, 422, 'reason_required', 'reason');
    const ok = await report(p.id, { month: '2026-07', amount: 300, reason: '补报：单位漏报' });
    assertStatus(ok, 201);
    const row = (await progress(p.id)).find((x) => x.month === '2026-07');
    assert.equal(row.reason, '补报：单位漏报');
    // replacing it also needs a reason
    await refused(p.id, { month: '2026-07', amount: 400 }, 422, 'reason_required');
    const rep = await report(p.id, { month: '2026-07', amount: 400, reason: '更正金额' });
    assertStatus(rep, 200);
    assert.equal(rep.json.replaced, true);
    assert.equal((await project(p.id)).completed_investment, 400);
    // an open month needs none
    assertStatus(await report(p.id, { month: '2026-08', amount: 1 }), 201);
  });

  test('closing one pairing\'s month does not close it for another pairing', async () => {
    assertStatus(await srv.post('/api/v1/pairings/bj-sy/closed-months', { month: '2026-09' }), 201);
    const p = await createProject(srv, {
      pairing: 'sh-dl', host_region: '210200', investor_region: '310101', stage: 'signed', signed_date: '2026-03-15', unit_id: undefined,
    });
    assertStatus(await report(p.id, { month: '2026-09', amount: 1 }), 201);
  });
});
