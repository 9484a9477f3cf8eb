// plans.test.mjs — the rest of the mechanism over real HTTP: the implementation plan (areas, key
// tasks, indicators, actuals), annual work plans with their items (derived status, progress
// updates by the responsible units, escalation, carry-over), meetings with decisions that
// become items and signing ceremonies, exchanges, platforms, products, the working-day
// calendar, the plan reports, and the demo's 2018 plan (54 items, 5 domains, 32 units).
// Every refusal is checked to name its field and to have written nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { assertError, assertStatus, createProject, duikouBin, makeReq, newToken, startServer, uniqueCode } from './harness.mjs';

let srv;
let units; // bj-sy units
let bjUnit; // a Beijing (partner-side) unit of bj-sy
let otherUnit; // a second partner-side unit
let hostUnit;
const as = {}; // role → req

async function account(body) {
  const r = await srv.post('/api/v1/users', { password: 'a-long-password-1', ...body });
  assertStatus(r, 201, `create ${body.login}`);
  return makeReq(srv.base, await newToken(srv.dbPath, body.login, 'plans'));
}

const auditCount = async () => (await srv.get('/api/v1/audit?limit=1000')).json.items.length;

before(async () => {
  srv = await startServer({ demo: true, name: 'plans' });
  units = (await srv.get('/api/v1/units?pairing=bj-sy')).json.items;
  const partner = units.filter((u) => u.side === 'partner');
  [bjUnit, otherUnit] = partner;
  hostUnit = units.find((u) => u.side === 'host');
  as.unit = await account({ login: 'plan-unit', role: 'unit', pairing: 'bj-sy', unit_id: bjUnit.id });
  as.other = await account({ login: 'plan-unit2', role: 'unit', pairing: 'bj-sy', unit_id: otherUnit.id });
  as.office = await account({ login: 'plan-office', role: 'office', pairing: 'bj-sy', side: 'host' });
  as.partner = await account({ login: 'plan-partner', role: 'partner', pairing: 'bj-sy', side: 'partner' });
  as.viewer = await account({ login: 'plan-viewer', role: 'viewer' });
  as.away = await account({ login: 'plan-away', role: 'office', pairing: 'sh-dl', side: 'host' });
});
after(async () => { await srv?.stop(); });

describe('the demo 2018 work plan', () => {
  test('54 items in 5 domains over 32 units, a mix of statuses at 2018-06-30', async () => {
    const r = await srv.get('/api/v1/reports/plan?pairing=bj-sy&year=2018&as_of=2018-06-30');
    assertStatus(r, 200);
    const x = r.json;
    assert.equal(x.totals.items, 54);
    assert.equal(x.domain_count, 5);
    assert.equal(x.unit_count, 32);
    assert.equal(x.lead_unit_count, 32);
    assert.deepEqual(x.domains.map((d) => d.name), ['产业合作', '人才互助', '平台搭建', '政策互鉴', '交往交流活动']);
    const t = x.totals;
    assert.equal(t.done + t.in_progress + t.behind + t.not_started, 54);
    for (const k of ['done', 'in_progress', 'behind', 'not_started']) assert.ok(t[k] >= 5, `a realistic mix: ${k} ${t[k]}`);
    assert.equal(x.domains.reduce((s, d) => s + d.items, 0), 54);
    assert.ok(x.units.every((u) => u.side === 'partner'), 'the 32 units are Beijing units');
  });

  test('the CLI prints the same report', async () => {
    const out = await new Promise((resolve, reject) => execFile(duikouBin(),
      ['report', 'plan', '--pairing', 'bj-sy', '--year', '2018', '--as-of', '2018-06-30', '--json', '--db', srv.dbPath],
      { env: { ...process.env, DUIKOU_TODAY: '2026-11-15' } }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))));
    const cli = JSON.parse(out);
    const api = (await srv.get('/api/v1/reports/plan?pairing=bj-sy&year=2018&as_of=2018-06-30')).json;
    assert.deepEqual(cli.totals, api.totals);
    assert.equal(cli.unit_count, 32);
    const text = await new Promise((resolve) => execFile(duikouBin(),
      ['report', 'plan', '--pairing', 'bj-sy', '--year', '2018', '--db', srv.dbPath], (err, stdout) => resolve(stdout)));
    assert.match(text, /54 项事项，5 个领域，32 家单位/);
    const bad = await new Promise((resolve) => execFile(duikouBin(), ['report', 'plan', '--pairing', 'bj-sy', '--db', srv.dbPath],
      (err, stdout, stderr) => resolve({ code: err?.code, stderr })));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--year is required/);
  });

  test('the implementation plan: 5 areas, 20 key tasks all served in 2018, indicators against 2020 targets', async () => {
    const plans = (await srv.get('/api/v1/impl-plans?pairing=bj-sy')).json.items;
    assert.equal(plans.length, 1);
    assert.equal(plans[0].target_year, 2020);
    const areas = (await srv.get(`/api/v1/plan-areas?plan_id=${plans[0].id}`)).json.items;
    assert.deepEqual(areas.map((a) => a.name), ['加强人才合作，促进观念理念更新', '对接市场需求，推进产业结构调整',
      '互鉴政策经验，推进体制机制创新', '推动资源共享，提升创新和服务水平', '搭建平台载体，探索共赢发展路径']);
    const cov = (await srv.get('/api/v1/reports/key-tasks?pairing=bj-sy&year=2018')).json;
    assert.equal(cov.task_count, 20);
    assert.equal(cov.covered, 20);
    const none = (await srv.get('/api/v1/reports/key-tasks?pairing=bj-sy&year=2017')).json;
    assert.equal(none.covered, 0);
    assert.equal(none.uncovered.length, 20);
    const ind = (await srv.get('/api/v1/reports/indicators?pairing=bj-sy')).json.indicators;
    const invest = ind.find((i) => i.name === '合作项目计划总投资');
    assert.equal(invest.baseline, '1678');
    assert.equal(invest.target, '3000');
    assert.equal(invest.actual, '2135.6');
    assert.equal(invest.progress_bp, Math.trunc((2135600 - 1678000) * 10000 / (3000000 - 1678000)));
    assert.equal(invest.target_met, false);
  });

  test('the consultations as the article names them; decisions lead to items', async () => {
    const ms = (await srv.get('/api/v1/meetings?pairing=bj-sy&kind=consultation')).json.items;
    assert.deepEqual(ms.map((m) => m.meeting_date).sort(), ['2017-04-18', '2018-04-24']);
    const m18 = ms.find((m) => m.meeting_date === '2018-04-24');
    assert.deepEqual(m18.attendees.map((a) => a.name), ['唐一军', '沈阳市委市政府主要领导', '蔡奇', '陈吉宁']);
    assert.equal(m18.attendees.find((a) => a.name === '蔡奇').side, 'partner');
    assert.equal(m18.decisions.length, 3);
    assert.ok(m18.decisions.every((d) => d.work_items.length >= 1), 'each 2018 decision became an item');
    const signing = (await srv.get('/api/v1/meetings?pairing=bj-sy&kind=signing')).json.items[0];
    assert.ok(signing.project_ids.length > 0);
    let sum = 0;
    for (const id of signing.project_ids) sum += (await srv.get(`/api/v1/projects/${id}`)).json.planned_investment;
    assert.equal(signing.signed_total, sum);
  });

  test('unfinished 2018 items were carried into 2019, linked both ways', async () => {
    const wp19 = (await srv.get('/api/v1/work-plans?pairing=bj-sy&year=2019')).json.items[0];
    const carried = (await srv.get(`/api/v1/work-items?work_plan_id=${wp19.id}`)).json.items;
    assert.ok(carried.length > 0);
    for (const it of carried) {
      const from = (await srv.get(`/api/v1/work-items/${it.carried_from_id}`)).json;
      assert.equal(from.carried_to_id, it.id);
      assert.equal(from.year, 2018);
      assert.equal(it.percent, from.percent, 'the percent travels with the item');
      assert.equal(it.title, from.title);
    }
  });

  test('platforms carry their projects; products and exchanges are counted', async () => {
    const p = (await srv.get('/api/v1/reports/platforms?pairing=bj-sy')).json.platforms;
    const gx = p.find((x) => x.name === '沈阳高新技术产业开发区');
    assert.ok(gx.project_count > 0);
    const one = (await srv.get(`/api/v1/platforms/${gx.id}`)).json;
    assert.equal(one.project_count, gx.project_count);
    assert.equal(one.planned_investment, gx.planned_investment);
    const products = (await srv.get('/api/v1/market-products?pairing=bj-sy')).json;
    assert.ok(products.total >= 10, 'ten and more farm products');
    assert.ok(products.items.some((x) => x.product === '沈阳名优牛肉'));
    const ex = (await srv.get('/api/v1/reports/exchanges?pairing=bj-sy')).json;
    const listed = (await srv.get('/api/v1/exchanges?pairing=bj-sy&limit=1000')).json.total;
    assert.equal(Object.values(ex.people_by_year).reduce((a, b) => a + b, 0), listed);
  });
});

describe('a demo made on 2018-06-30', () => {
  test('stops at that day: no later updates, nothing carried yet, the same 54 items', async () => {
    const early = await startServer({ demo: true, today: '2018-06-30', name: 'plans-2018' });
    try {
      const r = (await early.get('/api/v1/reports/plan?pairing=bj-sy&year=2018')).json;
      assert.equal(r.as_of, '2018-06-30');
      assert.equal(r.totals.items, 54);
      assert.equal(r.unit_count, 32);
      const late = (await early.get('/api/v1/reports/plan?pairing=bj-sy&year=2018')).json.totals;
      assert.deepEqual(late, (await srv.get('/api/v1/reports/plan?pairing=bj-sy&year=2018&as_of=2018-06-30')).json.totals,
        'the same statuses as the full demo shows as of that day');
      assertError(await early.get('/api/v1/reports/plan?pairing=bj-sy&year=2019'), 404);
    } finally {
      await early.stop();
    }
  });
});

describe('the implementation plan records', () => {
  let plan, area, task, ind;
  test('plan → area → task → indicator → actual, with exact decimals', async () => {
    let r = await srv.post('/api/v1/impl-plans', { pairing: 'bj-sy', title: '测试实施方案', target_year: 2025, issued_date: '2024-03-01' });
    assertStatus(r, 201);
    plan = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/impl-plans/${plan.id}`);
    assert.equal(plan.pairing, 'bj-sy');
    r = await srv.post('/api/v1/plan-areas', { plan_id: plan.id, seq: 1, name: '测试领域' });
    assertStatus(r, 201);
    area = r.json;
    r = await srv.post('/api/v1/key-tasks', { area_id: area.id, seq: 1, title: '测试任务', lead_unit_id: bjUnit.id, co_unit_ids: [hostUnit.id, otherUnit.id] });
    assertStatus(r, 201);
    task = r.json;
    assert.deepEqual(task.co_unit_ids, [hostUnit.id, otherUnit.id].sort((a, b) => a - b));
    r = await srv.post('/api/v1/indicators', { task_id: task.id, name: '测试指标', measure: '%', baseline: '23.4', baseline_year: 2024, target: '1,025.125', target_year: 2025 });
    assertStatus(r, 201);
    ind = r.json;
    assert.equal(ind.baseline, '23.4');
    assert.equal(ind.target, '1025.125');
    assert.equal(ind.higher_is_better, true);
    r = await srv.post('/api/v1/indicator-actuals', { indicator_id: ind.id, period: '2025-06', value: 30 });
    assertStatus(r, 201);
    assert.equal(r.json.value, '30');
    assertError(await srv.post('/api/v1/indicator-actuals', { indicator_id: ind.id, period: '2025-06', value: '31' }), 409);
  });

  test('bad fields are refused, naming the field, and write nothing', async () => {
    const before = await auditCount();
    const cases = [
      [{ pairing: 'bj-sy', title: 'x' }, 400, 'missing_field', 'target_year'],
      [{ pairing: 'bj-sy', title: 'x', target_year: '2025' }, 400, 'invalid_type', 'target_year'],
      [{ pairing: 'bj-sy', title: 'x', target_year: 1800 }, 400, 'out_of_range', 'target_year'],
      [{ pairing: 'bj-sy', title: 'x', target_year: 2025, issued_date: '2024-02-30' }, 400, 'invalid_field', 'issued_date'],
      [{ pairing: 'bj-sy', title: 'x', target_year: 2025, color: 'red' }, 400, 'unknown_field', 'color'],
      [{ pairing: 'xx-yy', title: 'x', target_year: 2025 }, 422, undefined, 'pairing'],
      [{ title: 'x', target_year: 2025 }, 400, 'missing_field', 'pairing'],
      [{ pairing: 'bj-sy', title: 'x'.repeat(301), target_year: 2025 }, 400, 'too_long', 'title'],
      [{ pairing: 'bj-sy', title: 'a\u0001b', target_year: 2025 }, 400, 'invalid_field', 'title'],
      [[1, 2], 400, 'invalid_body', ''],
    ];
    for (const [body, status, code, field] of cases) assertError(await srv.post('/api/v1/impl-plans', body), status, code, field);
    assertError(await srv.post('/api/v1/indicators', { task_id: task.id, name: 'x', measure: 'x', target: '1.2345', target_year: 2025 }), 400, 'invalid_field', 'target');
    assertError(await srv.post('/api/v1/indicators', { task_id: task.id, name: 'x', measure: 'x', target: 1.5, target_year: 2025 }), 400, 'invalid_field', 'target');
    for (const big of ['9223372036854779', '1000000000000.001', '-99999999999999999999', '1,', '1,2,3', '12,34']) {
      assertError(await srv.post('/api/v1/indicators', { task_id: task.id, name: 'x', measure: 'x', target: big, target_year: 2025 }), 400, 'invalid_field', 'target');
    }
    assertError(await srv.patch(`/api/v1/indicators/${ind.id}`, { higher_is_better: null }), 400, 'invalid_field', 'higher_is_better');
    assertError(await srv.post('/api/v1/indicators', { task_id: task.id, name: 'x', measure: 'x', target: '3', target_year: 2020, baseline_year: 2024 }), 422, 'target_before_baseline');
    assertError(await srv.post('/api/v1/indicator-actuals', { indicator_id: ind.id, period: '2025-13', value: '1' }), 400, 'invalid_field', 'period');
    assertError(await srv.post('/api/v1/key-tasks', { area_id: 999999, seq: 2, title: 'x' }), 422, 'unknown_reference', 'area_id');
    const shUnit = (await srv.get('/api/v1/units?pairing=sh-dl')).json.items[0];
    assertError(await srv.post('/api/v1/key-tasks', { area_id: area.id, seq: 2, title: 'x', lead_unit_id: shUnit.id }), 422, 'unknown_reference', 'lead_unit_id');
    assertError(await srv.post('/api/v1/key-tasks', { area_id: area.id, seq: 2, title: 'x', co_unit_ids: [shUnit.id] }), 422, 'unknown_reference', 'co_unit_ids');
    assertError(await srv.post('/api/v1/key-tasks', { area_id: area.id, seq: 2, title: 'x', co_unit_ids: [bjUnit.id, bjUnit.id] }), 400, 'invalid_field', 'co_unit_ids');
    assertError(await srv.post('/api/v1/key-tasks', { area_id: area.id, seq: 2, title: 'x', co_unit_ids: 'all' }), 400, 'invalid_type', 'co_unit_ids');
    assert.equal(await auditCount(), before, 'nothing written');
  });

  test('changes: If-Match, fixed and derived fields, the audit trail before → after', async () => {
    let r = await srv.patch(`/api/v1/key-tasks/${task.id}`, { title: '测试任务（修订）', co_unit_ids: [hostUnit.id] }, { 'If-Match': '"1"' });
    assertStatus(r, 200);
    assert.equal(r.json.version, 2);
    assert.equal(r.headers.get('etag'), '"2"');
    assert.deepEqual(r.json.co_unit_ids, [hostUnit.id]);
    r = await srv.patch(`/api/v1/key-tasks/${task.id}`, { title: '再改' }, { 'If-Match': '"1"' });
    assertError(r, 412, 'stale_version');
    assert.equal(r.headers.get('etag'), '"2"');
    assertError(await srv.patch(`/api/v1/key-tasks/${task.id}`, { area_id: area.id }), 422, 'fixed_field', 'area_id');
    assertError(await srv.patch(`/api/v1/indicator-actuals/1`, { period: '2019' }), 422, 'fixed_field', 'period');
    const audit = (await srv.get(`/api/v1/audit?entity=key_tasks&entity_id=${task.id}`)).json.items;
    const upd = audit.find((a) => a.action === 'key_task.update');
    assert.ok(upd, JSON.stringify(audit));
    assert.equal(upd.before.title, '测试任务');
    assert.equal(upd.after.title, '测试任务（修订）');
    assert.deepEqual(upd.after.co_unit_ids, [hostUnit.id]);
    assert.equal(upd.actor, 'admin');
  });

  test('who may write: offices; a task\'s lead unit reports its indicators; others are refused', async () => {
    assertError(await as.unit('POST', '/api/v1/impl-plans', { pairing: 'bj-sy', title: 'x', target_year: 2025 }), 403);
    assertError(await as.partner('POST', '/api/v1/key-tasks', { area_id: area.id, seq: 3, title: 'x' }), 403);
    assertStatus(await as.office('POST', '/api/v1/key-tasks', { area_id: area.id, seq: 3, title: '合作办新增任务' }), 201);
    assertError(await as.away('POST', '/api/v1/key-tasks', { area_id: area.id, seq: 4, title: 'x' }), 422, 'unknown_reference', 'area_id');
    assertStatus(await as.unit('POST', '/api/v1/indicator-actuals', { indicator_id: ind.id, period: '2025', value: '40' }), 201);
    assertError(await as.other('POST', '/api/v1/indicator-actuals', { indicator_id: ind.id, period: '2024', value: '40' }), 403);
    assertError(await as.away('GET', `/api/v1/key-tasks/${task.id}`), 404);
    assert.equal((await as.away('GET', '/api/v1/key-tasks?area_id=' + area.id)).json.total, 0);
  });
});

describe('work plans and items', () => {
  let wp, dom, item;
  const itemBody = (over = {}) => ({ domain_id: dom.id, code: uniqueCode('WI'), title: '测试事项', lead_unit_id: bjUnit.id,
    co_unit_ids: [otherUnit.id], start_date: '2026-01-01', due_date: '2026-12-31', ...over });

  test('a plan, a domain and an item; the status is derived, never typed', async () => {
    let r = await srv.post('/api/v1/work-plans', { pairing: 'bj-sy', year: 2026, title: '2026年工作计划' });
    assertStatus(r, 201);
    wp = r.json;
    assertError(await srv.post('/api/v1/work-plans', { pairing: 'bj-sy', year: 2026, title: '重复' }), 409);
    dom = (await srv.post('/api/v1/plan-domains', { work_plan_id: wp.id, seq: 1, name: '产业合作' })).json;
    r = await srv.post('/api/v1/work-items', itemBody());
    assertStatus(r, 201);
    item = r.json;
    assert.equal(item.work_plan_id, wp.id);
    assert.equal(item.year, 2026);
    assert.equal(item.lead_unit, bjUnit.name);
    assert.equal(item.percent, 0);
    assert.equal(item.status, 'behind', 'nothing done by 2026-11-15 of a 2026 item');
    assert.equal(item.expected_percent, Math.trunc(318 * 100 / 364));
    assertError(await srv.post('/api/v1/work-items', itemBody({ status: 'done' })), 400, 'unknown_field', 'status');
    assertError(await srv.post('/api/v1/work-items', itemBody({ percent: 50 })), 400, 'derived_field', 'percent');
    assertError(await srv.post('/api/v1/work-items', itemBody({ due_date: '2025-12-31' })), 422, 'due_before_start', 'due_date');
    assertError(await srv.post('/api/v1/work-items', itemBody({ code: item.code })), 409);
    // codes are the pairing's own: another pairing may use the same one
    const shPlan = (await srv.post('/api/v1/work-plans', { pairing: 'sh-dl', year: 2026, title: '沪连2026' })).json;
    const shDom = (await srv.post('/api/v1/plan-domains', { work_plan_id: shPlan.id, seq: 1, name: '产业合作' })).json;
    const shUnit = (await srv.get('/api/v1/units?pairing=sh-dl')).json.items[0];
    assertStatus(await srv.post('/api/v1/work-items', { ...itemBody({ code: item.code }), domain_id: shDom.id, lead_unit_id: shUnit.id, co_unit_ids: [] }), 201);
    assertError(await srv.post('/api/v1/work-items', itemBody({ decision_seq: 1 })), 400, 'missing_field', 'meeting_id');
    const st = (await srv.get(`/api/v1/work-items/${item.id}?as_of=2026-01-15`)).json;
    assert.equal(st.status, 'not_started');
  });

  test('the responsible units report progress; the item follows its latest-dated update', async () => {
    const third = units.find((u) => u.side === 'partner' && u.id !== bjUnit.id && u.id !== otherUnit.id);
    const outsider = await account({ login: 'plan-unit3', role: 'unit', pairing: 'bj-sy', unit_id: third.id });
    const before = await auditCount();
    assertError(await as.viewer('POST', `/api/v1/work-items/${item.id}/updates`, { percent: 10, note: 'x' }), 403);
    assertError(await as.away('POST', `/api/v1/work-items/${item.id}/updates`, { percent: 10, note: 'x' }), 404);
    assertError(await outsider('POST', `/api/v1/work-items/${item.id}/updates`, { percent: 10, note: 'x' }), 403);
    assertError(await as.unit('POST', `/api/v1/work-items/${item.id}/updates`, { percent: 101, note: 'x' }), 400, 'out_of_range', 'percent');
    assertError(await as.unit('POST', `/api/v1/work-items/${item.id}/updates`, { percent: 10 }), 400, 'missing_field', 'note');
    assertError(await as.unit('POST', `/api/v1/work-items/${item.id}/updates`, { percent: 10, note: 'x', update_date: '2026-12-01' }), 422, 'future_date');
    assertError(await as.unit('POST', `/api/v1/work-items/${item.id}/updates`, { percent: 10, note: 'x', update_date: '2025-12-01' }), 422, 'before_start');
    assert.equal(await auditCount(), before, 'nothing written');
    let r = await as.unit('POST', `/api/v1/work-items/${item.id}/updates`, { percent: 80, note: '已签约', update_date: '2026-11-10' });
    assertStatus(r, 201);
    assert.equal(r.json.percent, 80);
    assert.equal(r.json.status, 'in_progress');
    r = await as.other('POST', `/api/v1/work-items/${item.id}/updates`, { percent: 30, note: '补录三月进展', update_date: '2026-03-31' });
    assertStatus(r, 201, 'a co-unit reports');
    assert.equal(r.json.percent, 80, 'a back-dated update does not override the latest');
    assert.equal(r.json.last_update, '2026-11-10');
    const then = (await srv.get(`/api/v1/work-items/${item.id}?as_of=2026-04-01`)).json;
    assert.equal(then.percent, 30, 'as of April the item stood at 30%');
    const ups = (await srv.get(`/api/v1/work-items/${item.id}/updates`)).json.items;
    assert.deepEqual(ups.map((u) => u.percent), [80, 30]);
    assert.equal(ups[0].unit_id, bjUnit.id);
    const todo = (await as.unit('GET', '/api/v1/reports/todo?as_of=2026-12-20')).json;
    assert.ok(todo.due_soon.some((x) => x.id === item.id), 'due within 10 working days');
  });

  test('escalation only goes up, is an office\'s to raise, and is recorded', async () => {
    assertError(await as.unit('POST', `/api/v1/work-items/${item.id}/escalate`, { level: 'reminder', reason: 'x' }), 403);
    assertError(await srv.post(`/api/v1/work-items/${item.id}/escalate`, { level: 'urgent', reason: 'x' }), 400, 'invalid_field', 'level');
    assertError(await srv.post(`/api/v1/work-items/${item.id}/escalate`, { level: 'talk' }), 400, 'missing_field', 'reason');
    let r = await as.office('POST', `/api/v1/work-items/${item.id}/escalate`, { level: 'reminder', reason: '进度滞后，提醒' });
    assertStatus(r, 200);
    assert.equal(r.json.escalation, 'reminder');
    assert.equal(r.json.escalation_name, '提醒');
    r = await srv.post(`/api/v1/work-items/${item.id}/escalate`, { level: 'supervision', reason: '发督办通知' });
    assertStatus(r, 200);
    assertError(await srv.post(`/api/v1/work-items/${item.id}/escalate`, { level: 'talk', reason: '降级' }), 422, 'not_higher', 'level');
    const esc = (await srv.get(`/api/v1/work-items/${item.id}/updates`)).json.escalations;
    assert.deepEqual(esc.map((x) => x.level), ['reminder', 'supervision']);
    assert.equal(esc[0].actor, 'plan-office');
    assert.equal((await srv.get(`/api/v1/work-items?work_plan_id=${wp.id}&escalation=supervision`)).json.total, 1);
    assertError(await srv.get(`/api/v1/work-items?escalation=urgent`), 400, 'invalid_parameter', 'escalation');
  });

  test('carry-over into a later year keeps history and link, once', async () => {
    assertError(await srv.post(`/api/v1/work-items/${item.id}/carry-over`, { year: 2027 }), 422, 'no_plan', 'year');
    assertError(await srv.post(`/api/v1/work-items/${item.id}/carry-over`, { year: 2025 }), 422, 'not_later', 'year');
    assertError(await srv.post(`/api/v1/work-items/${item.id}/carry-over`, {}), 400, 'missing_field', 'year');
    assertStatus(await srv.post('/api/v1/work-plans', { pairing: 'bj-sy', year: 2027, title: '2027年工作计划' }), 201);
    assertError(await as.unit('POST', `/api/v1/work-items/${item.id}/carry-over`, { year: 2027 }), 403);
    const r = await srv.post(`/api/v1/work-items/${item.id}/carry-over`, { year: 2027 });
    assertStatus(r, 201);
    const n = r.json;
    assert.equal(n.carried_from_id, item.id);
    assert.equal(n.code, `2027-${item.code}`);
    assert.equal(n.year, 2027);
    assert.equal(n.domain, '产业合作');
    assert.equal(n.percent, 80);
    assert.deepEqual(n.co_unit_ids, [otherUnit.id]);
    assert.equal(n.start_date, '2027-01-01');
    assertError(await srv.post(`/api/v1/work-items/${item.id}/carry-over`, { year: 2027 }), 409, 'carried_over');
    assert.equal((await srv.get(`/api/v1/work-items/${item.id}`)).json.carried_to_id, n.id);
    // the old item is history now: no updates, no changes, no escalation; the to-do list shows the new one
    assertError(await as.unit('POST', `/api/v1/work-items/${item.id}/updates`, { percent: 100, note: '完成', update_date: '2026-11-12' }), 409, 'carried_over');
    assertError(await srv.patch(`/api/v1/work-items/${item.id}`, { title: '改' }), 409, 'carried_over');
    assertError(await srv.post(`/api/v1/work-items/${item.id}/escalate`, { level: 'talk', reason: 'x' }), 409, 'carried_over');
    const todo = (await as.unit('GET', '/api/v1/reports/todo?as_of=2027-12-25')).json;
    const listed = [...todo.due_soon, ...todo.overdue].map((x) => x.id);
    assert.ok(listed.includes(n.id) && !listed.includes(item.id), JSON.stringify(listed));
    const done = (await srv.post('/api/v1/work-items', itemBody())).json;
    assertStatus(await srv.post(`/api/v1/work-items/${done.id}/updates`, { percent: 100, note: '完成', update_date: '2026-11-01' }), 201);
    assertError(await srv.post(`/api/v1/work-items/${done.id}/carry-over`, { year: 2027 }), 422, 'already_done');
  });

  test('a meeting decision becomes an item and keeps the link; signed projects only at a signing', async () => {
    const p = await createProject(srv);
    assertError(await srv.post('/api/v1/meetings', { pairing: 'bj-sy', kind: 'forum', title: '座谈', meeting_date: '2026-05-01', project_ids: [p.id] }),
      422, 'not_a_signing', 'project_ids');
    assertError(await srv.post('/api/v1/meetings', { pairing: 'bj-sy', kind: 'forum', title: '座谈', meeting_date: '2026-05-01', attendees: [{ title: '局长', side: 'host' }] }),
      400, 'missing_field', 'attendees');
    assertError(await srv.post('/api/v1/meetings', { pairing: 'bj-sy', kind: 'forum', title: '座谈', meeting_date: '2026-05-01', attendees: [{ name: '某', side: 'east' }] }),
      400, 'invalid_field', 'attendees');
    assertError(await srv.post('/api/v1/meetings', { pairing: 'bj-sy', kind: 'party', title: '座谈', meeting_date: '2026-05-01' }), 400, 'invalid_field', 'kind');
    let r = await srv.post('/api/v1/meetings', { pairing: 'bj-sy', kind: 'signing', title: '签约仪式', meeting_date: '2026-05-01', project_ids: [p.id],
      attendees: [{ name: '张三', title: '局长', side: 'host' }], decisions: [{ text: '推动签约项目落地' }] });
    assertStatus(r, 201);
    const m = r.json;
    assert.equal(m.signed_total, p.planned_investment);
    assert.equal(m.signed_count, 1);
    assertError(await srv.post('/api/v1/work-items', itemBody({ meeting_id: m.id, decision_seq: 2 })), 422, 'unknown_reference', 'decision_seq');
    r = await srv.post('/api/v1/work-items', itemBody({ meeting_id: m.id, decision_seq: 1, title: '落实签约项目' }));
    assertStatus(r, 201);
    const back = (await srv.get(`/api/v1/meetings/${m.id}`)).json;
    assert.deepEqual(back.decisions[0].work_items.map((w) => w.id), [r.json.id]);
    r = await srv.patch(`/api/v1/meetings/${m.id}`, { attendees: [{ name: '李四', side: 'partner' }] });
    assertStatus(r, 200);
    assert.deepEqual(r.json.attendees.map((a) => a.name), ['李四']);
    assert.equal(r.json.decisions.length, 1, 'what the patch did not name stays');
    // a decision that items carry out keeps its number and text; others may follow it
    assertError(await srv.patch(`/api/v1/meetings/${m.id}`, { decisions: [{ text: '另一项决定' }] }), 422, 'decision_has_items', 'decisions');
    assertError(await srv.patch(`/api/v1/meetings/${m.id}`, { decisions: [] }), 422, 'decision_has_items', 'decisions');
    assertStatus(await srv.patch(`/api/v1/meetings/${m.id}`, { decisions: [{ text: '推动签约项目落地' }, { text: '新增议定事项' }] }), 200);
  });
});

describe('exchanges, platforms, products', () => {
  test('a partner office records the people its side sends, not the other side\'s', async () => {
    const body = { pairing: 'bj-sy', person: '王五', from_side: 'partner', from_unit: '北京市商务局', to_unit: '沈阳市商务局', kind: 'secondment', start_date: '2026-03-01', end_date: '2027-02-28' };
    assertStatus(await as.partner('POST', '/api/v1/exchanges', body), 201);
    assertError(await as.partner('POST', '/api/v1/exchanges', { ...body, from_side: 'host' }), 403, 'forbidden', 'from_side');
    assertError(await as.unit('POST', '/api/v1/exchanges', body), 403);
    assertError(await srv.post('/api/v1/exchanges', { ...body, end_date: '2026-01-01' }), 422, 'end_before_start', 'end_date');
    assertError(await srv.post('/api/v1/exchanges', { ...body, kind: 'holiday' }), 400, 'invalid_field', 'kind');
    const rep = (await srv.get('/api/v1/reports/exchanges?pairing=bj-sy')).json;
    assert.ok(rep.rows.some((x) => x.year === 2026 && x.kind === 'secondment' && x.from_side === 'partner' && x.people === 1));
  });

  test('a project links to a platform of its pairing, and the platform counts it', async () => {
    let r = await srv.post('/api/v1/platforms', { pairing: 'bj-sy', name: uniqueCode('测试园区'), kind: 'park', host_region: '210124', area: '3.25', opening_date: '2026-01-01' });
    assertStatus(r, 201);
    const pf = r.json;
    assert.equal(pf.area, '3.25');
    assert.equal(pf.project_count, 0);
    assertError(await srv.post('/api/v1/platforms', { pairing: 'bj-sy', name: 'x', kind: 'park', host_region: '999999' }), 422, undefined, 'host_region');
    const p = await createProject(srv, { platform_id: pf.id });
    assert.equal(p.platform_id, pf.id);
    r = (await srv.get(`/api/v1/platforms/${pf.id}`)).json;
    assert.equal(r.project_count, 1);
    assert.equal(r.planned_investment, p.planned_investment);
    const sh = (await srv.post('/api/v1/platforms', { pairing: 'sh-dl', name: uniqueCode('上海园区'), kind: 'zone', host_region: '210200' })).json;
    assertError(await srv.patch(`/api/v1/projects/${p.id}`, { platform_id: sh.id }), 422, 'unknown_reference', 'platform_id');
  });

  test('products keep money exact', async () => {
    const r = await srv.post('/api/v1/market-products', { pairing: 'bj-sy', product: '测试大米', producer: '测试合作社', channel: '京东', start_date: '2026-06-01', value: '1,234.56万元' });
    assertStatus(r, 201);
    assert.equal(r.json.value, 12345600);
    assertError(await srv.post('/api/v1/market-products', { pairing: 'bj-sy', product: 'x', producer: 'x', channel: 'x', start_date: '2026-06-01', value: '0.001元' }), 400, 'invalid_field', 'value');
  });

  test('units: an office adds one; names are unique in a pairing', async () => {
    const r = await as.office('POST', '/api/v1/units', { pairing: 'bj-sy', side: 'host', kind: 'district', name: '沈阳市测试区人民政府' });
    assertStatus(r, 201);
    assertError(await srv.post('/api/v1/units', { pairing: 'bj-sy', side: 'host', kind: 'district', name: '沈阳市测试区人民政府' }), 409);
    assertError(await srv.patch(`/api/v1/units/${r.json.id}`, { side: 'partner' }), 422, 'fixed_field', 'side');
    assertStatus(await srv.patch(`/api/v1/units/${r.json.id}`, { sort_order: 99 }), 200);
  });
});

describe('the working-day calendar', () => {
  test('holidays and 调休 as loaded; counting and adding working days', async () => {
    const days = (await srv.get('/api/v1/calendar?year=2018')).json.items;
    assert.ok(days.some((d) => d.day === '2018-10-01' && d.is_off_day === true && d.name === '国庆节'));
    assert.ok(days.some((d) => d.day === '2018-09-29' && d.is_off_day === false));
    assert.deepEqual((await srv.get('/api/v1/workdays?from=2018-09-28&to=2018-10-08')).json, { from: '2018-09-28', to: '2018-10-08', workdays: 3 });
    assert.equal((await srv.get('/api/v1/workdays?from=2018-09-28&add=3')).json.to, '2018-10-08');
    assertError(await srv.get('/api/v1/workdays?from=2018-09-28'), 400, 'invalid_parameter', 'to');
    assertError(await srv.get('/api/v1/workdays?from=2018-09-28&to=2018-10-08&add=1'), 400, 'invalid_parameter', 'to');
    assertError(await srv.get('/api/v1/workdays?from=2018-9-28&to=2018-10-08'), 400, 'invalid_parameter', 'from');
    assertError(await srv.get('/api/v1/workdays?from=2018-09-28&add=99999'), 400, 'invalid_parameter', 'add');
  });

  test('an admin edits the calendar; the counts follow; the edit is audited', async () => {
    const count = async () => (await srv.get('/api/v1/workdays?from=2030-01-04&to=2030-01-11')).json.workdays;
    assert.equal(await count(), 5);
    assertError(await srv.req('PUT', '/api/v1/calendar/2030-01-07', { name: '调休上班', is_off_day: false }), 422, 'not_a_weekend', 'is_off_day');
    assertError(await srv.req('PUT', '/api/v1/calendar/2030-01-07', { is_off_day: true }), 400, 'missing_field', 'name');
    assertError(await srv.req('PUT', '/api/v1/calendar/2030-02-30', { name: 'x', is_off_day: true }), 400, 'invalid_field', 'day');
    assertStatus(await srv.req('PUT', '/api/v1/calendar/2030-01-07', { name: '测试假日', is_off_day: true }), 200);
    assertStatus(await srv.req('PUT', '/api/v1/calendar/2030-01-05', { name: '测试调休', is_off_day: false }), 200);
    assert.equal(await count(), 5, 'one weekday off, one Saturday worked');
    assertStatus(await srv.req('DELETE', '/api/v1/calendar/2030-01-05'), 200);
    assert.equal(await count(), 4);
    assertError(await srv.req('DELETE', '/api/v1/calendar/2030-01-05'), 404);
    assertError(await as.office('PUT', '/api/v1/calendar/2030-01-08', { name: 'x', is_off_day: true }), 403);
    const audit = (await srv.get('/api/v1/audit?entity=calendar_days')).json.items;
    assert.ok(audit.some((a) => a.action === 'calendar.set'));
    assert.ok(audit.some((a) => a.action === 'calendar.remove'));
  });
});

describe('item rules are data', () => {
  test('working days left count down: red at or below yellow; a change moves an item into the due-soon list', async () => {
    assertError(await srv.patch('/api/v1/warning-rules/item_due_soon', { yellow_at: 3, red_at: 5 }), 422, 'thresholds', 'yellow_at');
    const wp = (await srv.get('/api/v1/work-plans?pairing=bj-sy&year=2018')).json.items[0];
    const items = (await srv.get(`/api/v1/work-items?work_plan_id=${wp.id}&limit=1000&as_of=2018-06-13`)).json.items;
    const soon = (xs) => xs.filter((x) => x.warning.reasons.some((r) => r.rule === 'item_due_soon')).length;
    const before = soon(items);
    assertStatus(await srv.patch('/api/v1/warning-rules/item_due_soon', { yellow_at: 30, red_at: 5 }), 200);
    const after = (await srv.get(`/api/v1/work-items?work_plan_id=${wp.id}&limit=1000&as_of=2018-06-13`)).json.items;
    assert.ok(soon(after) > before, `a wider window warns more items (${before} → ${soon(after)})`);
    assertStatus(await srv.patch('/api/v1/warning-rules/item_due_soon', { yellow_at: 10, red_at: 5 }), 200);
  });
});

describe('plan records are searchable as they are written', () => {
  test('an item, its update, a meeting, a platform: found by Traditional and Simplified alike, in the same transaction', async () => {
    const wp = (await srv.get('/api/v1/work-plans?pairing=bj-sy&year=2018')).json.items[0];
    const dom = (await srv.get(`/api/v1/plan-domains?work_plan_id=${wp.id}`)).json.items[0];
    const it = (await srv.post('/api/v1/work-items', { domain_id: dom.id, code: uniqueCode('SR'), title: '推进冰雪旅游合作', lead_unit_id: bjUnit.id,
      start_date: '2018-01-01', due_date: '2018-12-31' })).json;
    let hits = (await srv.get(`/api/v1/search?q=${encodeURIComponent('冰雪旅遊')}&kind=work_item`)).json;
    assert.ok(hits.groups.some((g) => g.kind === 'work_item' && g.items.some((x) => x.id === it.id && x.path === `/api/v1/work-items/${it.id}`)), JSON.stringify(hits));
    assertStatus(await srv.post(`/api/v1/work-items/${it.id}/updates`, { percent: 20, note: '已赴哈尔滨考察滑雪场', update_date: '2018-03-01' }), 201);
    hits = (await srv.get(`/api/v1/search?q=${encodeURIComponent('滑雪場')}`)).json;
    const up = hits.groups.find((g) => g.kind === 'item_update')?.items[0];
    assert.ok(up, JSON.stringify(hits));
    const got = (await srv.get(up.path)).json;
    assert.equal(got.item_id, it.id);
    assert.equal(got.note, '已赴哈尔滨考察滑雪场');
    assertStatus(await srv.patch(`/api/v1/work-items/${it.id}`, { title: '推进冰雪运动合作' }), 200);
    hits = (await srv.get(`/api/v1/search?q=${encodeURIComponent('冰雪运动')}&kind=item_update`)).json;
    assert.equal(hits.count, 1, 'the update shows the item\'s new title');
    const m = (await srv.get(`/api/v1/search?q=${encodeURIComponent('高層座談')}&kind=meeting`)).json;
    assert.ok(m.count >= 1);
    const pf = (await srv.get(`/api/v1/search?q=${encodeURIComponent('高新')}&kind=platform`)).json;
    assert.ok(pf.groups[0].items.some((x) => x.title === '沈阳高新技术产业开发区'));
    assert.equal((await as.away('GET', `/api/v1/search?q=${encodeURIComponent('冰雪')}`)).json.count, 0, 'another pairing sees none of it');
    // an item is found by its lead unit's name, also after the unit is renamed
    assertStatus(await srv.patch(`/api/v1/units/${bjUnit.id}`, { name: '北京市冰雪运动协调办公室' }), 200);
    hits = (await srv.get(`/api/v1/search?q=${encodeURIComponent('协调办公室')}&kind=work_item`)).json;
    assert.ok(hits.groups[0]?.items.some((x) => x.id === it.id), JSON.stringify(hits).slice(0, 300));
    assertStatus(await srv.patch(`/api/v1/units/${bjUnit.id}`, { name: bjUnit.name }), 200);
  });
});

describe('reports refuse what they cannot answer', () => {
  test('missing or bad arguments, unknown pairings, other pairings', async () => {
    assertError(await srv.get('/api/v1/reports/plan?year=2018'), 400, 'missing_parameter', 'pairing');
    assertError(await srv.get('/api/v1/reports/plan?pairing=bj-sy'), 400, 'missing_parameter', 'year');
    assertError(await srv.get('/api/v1/reports/plan?pairing=bj-sy&year=18'), 400, 'invalid_parameter', 'year');
    assertError(await srv.get('/api/v1/reports/plan?pairing=bj-sy&year=2018&as_of=yesterday'), 400, 'invalid_parameter', 'as_of');
    assertError(await srv.get('/api/v1/reports/plan?pairing=bj-sy&year=2040'), 404, 'not_found', 'year');
    assertError(await srv.get('/api/v1/reports/plan?pairing=bj-sy&year=2018&unit=1'), 400, 'invalid_parameter');
    assertError(await srv.get('/api/v1/reports/indicators?pairing=nowhere'), 422, undefined, 'pairing');
    assertError(await srv.get('/api/v1/reports/todo'), 400, 'missing_parameter', 'unit_id');
    assertError(await as.away('GET', '/api/v1/reports/plan?pairing=bj-sy&year=2018'), 404);
    assertError(await as.away('GET', '/api/v1/reports/indicators?pairing=bj-sy'), 404);
    assertError(await as.away('GET', `/api/v1/reports/todo?unit_id=${bjUnit.id}`), 404);
    assertError(await srv.get('/api/v1/work-items?lead_unit_id=abc'), 400, 'invalid_parameter', 'lead_unit_id');
    assertError(await srv.get('/api/v1/work-items?title=x'), 400, 'invalid_parameter', 'title');
    assertError(await srv.get('/api/v1/work-items/abc'), 404);
    assertError(await srv.get('/api/v1/work-items/99999999'), 404, 'not_found');
  });
});
