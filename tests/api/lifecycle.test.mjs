// lifecycle.test.mjs — the stage rules (全过程服务管理): 意向 → 签约 → 落地 → 投产, 暂缓, 终止, 恢复.
// Every refused move is checked to have written nothing (same stage, same version).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertStatus, createProject, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true, name: 'lifecycle' }); });
after(async () => { await srv?.stop(); });

const move = (id, body) => srv.post(`/api/v1/projects/${id}/transitions`, body);

/** Asserts a move is refused with status/code and that the project did not change. */
async function refused(id, body, status, code, field) {
  const before = (await srv.get(`/api/v1/projects/${id}`)).json;
  const r = await move(id, body);
  assertError(r, status, code, field);
  const after2 = (await srv.get(`/api/v1/projects/${id}`)).json;
  assert.equal(after2.version, before.version, `refused move ${JSON.stringify(body)} left the version`);
  assert.equal(after2.stage, before.stage);
  assert.deepEqual(after2.stage_dates, before.stage_dates);
  assert.equal(after2.stage_history.length, before.stage_history.length, 'no stage event recorded');
  return r;
}

async function moved(id, body) {
  const r = await move(id, body);
  assertStatus(r, 200, `move ${JSON.stringify(body)}`);
  return r.json;
}

describe('forward, one stage at a time', () => {
  test('意向 → 签约 → 落地 → 投产 with their dates, names and versions', async () => {
    const p = await createProject(srv, { intention_date: '2026-01-10' });
    const s = await moved(p.id, { to: 'signed', date: '2026-02-01', note: '签订投资协议' });
    assert.equal(s.stage, 'signed');
    assert.equal(s.stage_name, '签约');
    assert.equal(s.stage_dates.signed, '2026-02-01');
    assert.equal(s.version, p.version + 1);
    const l = await moved(p.id, { to: 'landed', date: '2026-02-01' });
    assert.equal(l.stage, 'landed');
    assert.equal(l.stage_name, '落地');
    assert.equal(l.stage_dates.landed, '2026-02-01', 'the same day as the previous move is allowed');
    const q = await moved(p.id, { to: 'production', date: '2026-11-15' });
    assert.equal(q.stage, 'production');
    assert.equal(q.stage_name, '投产');
    assert.deepEqual(q.stage_dates, { intention: '2026-01-10', signed: '2026-02-01', landed: '2026-02-01', production: '2026-11-15' },
      'today is not the future');
    const g = await srv.get(`/api/v1/projects/${p.id}`);
    assert.equal(g.headers.get('etag'), `"${q.version}"`);
    const h = g.json.stage_history;
    assert.deepEqual(h.map((e) => [e.from_stage, e.to_stage, e.date]), [
      [null, 'intention', '2026-01-10'],
      ['intention', 'signed', '2026-02-01'],
      ['signed', 'landed', '2026-02-01'],
      ['landed', 'production', '2026-11-15'],
    ]);
    assert.equal(h[1].note, '签订投资协议');
    for (const e of h) {
      assert.equal(typeof e.actor, 'string');
      assert.ok(e.actor.length > 0);
      assert.ok('reason' in e && 'created_at' in e);
    }
  });

  test('stage names in Chinese (Simplified and Traditional) are accepted', async () => {
    const p = await createProject(srv);
    assert.equal((await moved(p.id, { to: '签约', date: '2026-02-01' })).stage, 'signed');
    assert.equal((await moved(p.id, { to: '落地', date: '2026-03-01' })).stage, 'landed');
    assert.equal((await moved(p.id, { to: '投產', date: '2026-04-01' })).stage, 'production');
  });

  test('skipping a stage is 422 skipped_stage', async () => {
    const p = await createProject(srv);
    await refused(p.id, { to: 'landed', date: '2026-02-01' }, 422, 'skipped_stage');
    await refused(p.id, { to: 'production', date: '2026-02-01' }, 422, 'skipped_stage');
    await moved(p.id, { to: 'signed', date: '2026-02-01' });
    await refused(p.id, { to: 'production', date: '2026-03-01' }, 422, 'skipped_stage');
  });

  test('moving to the current stage is 422 same_stage', async () => {
    const p = await createProject(srv);
    await refused(p.id, { to: 'intention', date: '2026-02-01' }, 422, 'same_stage');
    await moved(p.id, { to: 'signed', date: '2026-02-01' });
    await refused(p.id, { to: 'signed', date: '2026-03-01' }, 422, 'same_stage');
  });
});

describe('dates', () => {
  test('a date before the previous transition is 422 dates_backwards', async () => {
    const p = await createProject(srv, { intention_date: '2026-03-10' });
    await refused(p.id, { to: 'signed', date: '2026-03-09' }, 422, 'dates_backwards', 'date');
    await moved(p.id, { to: 'signed', date: '2026-04-01' });
    await refused(p.id, { to: 'landed', date: '2026-03-31' }, 422, 'dates_backwards', 'date');
    await refused(p.id, { to: 'paused', date: '2026-03-31', reason: '资金未到位' }, 422, 'dates_backwards', 'date');
  });

  test('a date in the future is 422 future_date (today is 2026-11-15)', async () => {
    const p = await createProject(srv);
    await refused(p.id, { to: 'signed', date: '2026-11-16' }, 422, 'future_date', 'date');
    await refused(p.id, { to: 'signed', date: '2031-01-01' }, 422, 'future_date', 'date');
  });

  test('a malformed or missing date, a missing or unknown target: 400', async () => {
    const p = await createProject(srv);
    await refused(p.id, { to: 'signed', date: '2026-02-30' }, 400, 'invalid_field', 'date');
    await refused(p.id, { to: 'signed', date: '2026/02/01' }, 400, 'invalid_field', 'date');
    await refused(p.id, { to: 'signed' }, 400, 'missing_field', 'date');
    await refused(p.id, { date: '2026-02-01' }, 400, 'missing_field', 'to');
    await refused(p.id, { to: 'launched', date: '2026-02-01' }, 400, 'invalid_field', 'to');
    await refused(p.id, { to: 'signed', date: '2026-02-01', when: 'now' }, 400, 'unknown_field', 'when');
    await refused(p.id, { to: 'signed', date: 20260201 }, 400, 'invalid_type', 'date');
  });
});

describe('going back', () => {
  test('back needs a reason (422 reason_required); with one it clears the later dates', async () => {
    const p = await createProject(srv);
    await moved(p.id, { to: 'signed', date: '2026-02-01' });
    await moved(p.id, { to: 'landed', date: '2026-03-01' });
    await refused(p.id, { to: 'signed', date: '2026-04-01' }, 422, 'reason_required', 'reason');
    await refused(p.id, { to: 'signed', date: '2026-04-01', reason: '' }, 422, 'reason_required', 'reason');
    const b = await moved(p.id, { to: 'signed', date: '2026-04-01', reason: '开工手续被撤销' });
    assert.equal(b.stage, 'signed');
    assert.equal(b.stage_dates.landed, null);
    assert.equal(b.stage_dates.signed, '2026-02-01');
    const b2 = await moved(p.id, { to: 'intention', date: '2026-04-02', reason: '协议解除，重新洽谈' });
    assert.equal(b2.stage, 'intention');
    assert.deepEqual(b2.stage_dates, { intention: '2026-01-10', signed: null, landed: null, production: null });
    const h = (await srv.get(`/api/v1/projects/${p.id}`)).json.stage_history;
    assert.equal(h.at(-1).reason, '协议解除，重新洽谈');
    assert.equal(h.at(-1).from_stage, 'signed');
    assert.equal(h.at(-1).to_stage, 'intention');
    // forward again: the new date is recorded
    const f = await moved(p.id, { to: 'signed', date: '2026-05-01' });
    assert.equal(f.stage_dates.signed, '2026-05-01');
  });

  test('going back more than one stage is allowed with a reason', async () => {
    const p = await createProject(srv);
    await moved(p.id, { to: 'signed', date: '2026-02-01' });
    await moved(p.id, { to: 'landed', date: '2026-03-01' });
    await refused(p.id, { to: 'intention', date: '2026-04-01' }, 422, 'reason_required');
    const b = await moved(p.id, { to: 'intention', date: '2026-04-01', reason: '项目重新论证' });
    assert.equal(b.stage, 'intention');
    assert.equal(b.stage_dates.signed, null);
    assert.equal(b.stage_dates.landed, null);
  });
});

describe('pause (暂缓), resume (恢复), terminate (终止)', () => {
  test('pause needs a reason; resume returns to the stage held before', async () => {
    const p = await createProject(srv);
    await moved(p.id, { to: 'signed', date: '2026-02-01' });
    await refused(p.id, { to: 'paused', date: '2026-03-01' }, 422, 'reason_required', 'reason');
    const z = await moved(p.id, { to: 'paused', date: '2026-03-01', reason: '投资方资金链紧张' });
    assert.equal(z.stage, 'paused');
    assert.equal(z.stage_name, '暂缓');
    assert.equal(z.stage_before_pause, 'signed');
    assert.equal(z.stage_dates.signed, '2026-02-01', 'pausing keeps the stage dates');
    await refused(p.id, { to: 'paused', date: '2026-03-02', reason: '再次暂缓' }, 422, 'same_stage');
    // a paused project must resume before it moves on
    const onward = await move(p.id, { to: 'landed', date: '2026-03-05' });
    assertError(onward, 422);
    assert.equal((await srv.get(`/api/v1/projects/${p.id}`)).json.stage, 'paused');
    const r = await moved(p.id, { to: 'resume', date: '2026-04-01' });
    assert.equal(r.stage, 'signed');
    assert.equal(r.stage_before_pause, null);
    assert.equal(r.stage_dates.signed, '2026-02-01');
    await refused(p.id, { to: 'resume', date: '2026-04-02' }, 422, 'not_paused');
    const l = await moved(p.id, { to: 'landed', date: '2026-04-02' });
    assert.equal(l.stage, 'landed');
  });

  test('resume from a stage other than paused is 422 not_paused', async () => {
    const p = await createProject(srv);
    await refused(p.id, { to: 'resume', date: '2026-02-01' }, 422, 'not_paused');
    await refused(p.id, { to: '恢复', date: '2026-02-01' }, 422, 'not_paused');
  });

  test('a paused intention project resumes to intention; pause dates are checked too', async () => {
    const p = await createProject(srv, { intention_date: '2026-05-05' });
    await refused(p.id, { to: 'paused', date: '2026-05-04', reason: '等待' }, 422, 'dates_backwards');
    await refused(p.id, { to: 'paused', date: '2026-12-01', reason: '等待' }, 422, 'future_date');
    await moved(p.id, { to: '暂缓', date: '2026-06-01', reason: '等待规划调整' });
    await refused(p.id, { to: 'resume', date: '2026-05-31' }, 422, 'dates_backwards');
    const r = await moved(p.id, { to: 'resume', date: '2026-07-01' });
    assert.equal(r.stage, 'intention');
  });

  test('terminate needs a reason; a terminated project is final (422 terminated)', async () => {
    const p = await createProject(srv);
    await moved(p.id, { to: 'signed', date: '2026-02-01' });
    await refused(p.id, { to: 'terminated', date: '2026-03-01' }, 422, 'reason_required', 'reason');
    const t = await moved(p.id, { to: 'terminated', date: '2026-03-01', reason: '投资方撤资' });
    assert.equal(t.stage, 'terminated');
    assert.equal(t.stage_name, '终止');
    for (const to of ['intention', 'signed', 'landed', 'paused', 'terminated', 'resume']) {
      await refused(p.id, { to, date: '2026-04-01', reason: '尝试' }, 422, 'terminated');
    }
  });

  test('a paused project can be terminated (with a reason)', async () => {
    const p = await createProject(srv);
    await moved(p.id, { to: 'paused', date: '2026-02-01', reason: '暂缓' });
    await refused(p.id, { to: 'terminated', date: '2026-03-01' }, 422, 'reason_required');
    const t = await moved(p.id, { to: 'terminated', date: '2026-03-01', reason: '终止合作' });
    assert.equal(t.stage, 'terminated');
    await refused(p.id, { to: 'resume', date: '2026-04-01' }, 422, 'terminated');
  });

  test('a project cannot be created paused or terminated', async () => {
    const r = await srv.post('/api/v1/projects', {
      code: `LC-${process.pid}-paused`, name: '暂缓的新项目', investor: '某公司', investor_region: '110105', host_region: '210124',
      industry_section: 'C', planned_investment: 1, pairing: 'bj-sy', intention_date: '2026-01-10', stage: 'paused',
    });
    assert.ok(r.status === 422 || r.status === 400, `got ${r.status} ${r.text}`);
    assertError(r, r.status);
    const l = await srv.get(`/api/v1/projects?q=LC-${process.pid}-paused`);
    assert.equal(l.json.total, 0);
  });
});

describe('transitions and the rest of the API', () => {
  test('the listing sees the new stage; history records each move', async () => {
    const p = await createProject(srv);
    await moved(p.id, { to: 'signed', date: '2026-02-01' });
    const l = await srv.get(`/api/v1/projects?q=${encodeURIComponent(p.code)}&stage=signed`);
    assert.equal(l.json.total, 1);
    const h = await srv.get(`/api/v1/projects/${p.id}/history`);
    assertStatus(h, 200);
    assert.ok(h.json.items.length >= 2);
    assert.ok(h.json.items.some((a) => /stage|transition/.test(a.action)), JSON.stringify(h.json.items));
  });

  test('as_of shows the stage on an earlier date', async () => {
    const p = await createProject(srv, { intention_date: '2026-01-10' });
    await moved(p.id, { to: 'signed', date: '2026-06-01' });
    const then = await srv.get(`/api/v1/projects/${p.id}?as_of=2026-03-01`);
    assertStatus(then, 200);
    assert.equal(then.json.stage, 'intention', 'on 2026-03-01 the project was still an intention');
    const now = await srv.get(`/api/v1/projects/${p.id}`);
    assert.equal(now.json.stage, 'signed');
  });

  test('transitions on a project that does not exist are 404', async () => {
    assertError(await move(99999999, { to: 'signed', date: '2026-02-01' }), 404, 'not_found');
  });

  test('the transitions route takes only POST', async () => {
    const p = await createProject(srv);
    assertError(await srv.get(`/api/v1/projects/${p.id}/transitions`), 405, 'method_not_allowed');
  });
});
