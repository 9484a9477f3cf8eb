// reference.test.mjs — health, pairings, units, regions (GB/T 2260), industries (GB/T 4754),
// introduced-capital statistics, and the warning rules (a rule change changes a project's colour).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertStatus, createProject, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true, name: 'reference' }); });
after(async () => { await srv?.stop(); });

const PAIRINGS = ['bj-sy', 'sh-dl', 'tj-cc', 'sz-heb', 'js-ln', 'zj-jl', 'gd-hlj'];

describe('health', () => {
  test('GET /healthz', async () => {
    const r = await srv.get('/healthz');
    assertStatus(r, 200);
    assert.match(r.headers.get('content-type') || '', /^application\/json/);
    assert.equal(r.json.status, 'ok');
    assert.equal(r.json.version, '0.1.0');
    assert.ok(Number.isInteger(r.json.schema) && r.json.schema >= 1);
  });
});

describe('pairings', () => {
  test('the seven demo pairings', async () => {
    const r = await srv.get('/api/v1/pairings');
    assertStatus(r, 200);
    const codes = r.json.items.map((x) => x.code);
    assert.deepEqual([...codes].sort(), [...PAIRINGS].sort());
    for (const x of r.json.items) {
      for (const k of ['id', 'code', 'name', 'programme', 'level', 'host_region', 'host_region_name', 'partner_region',
        'partner_region_name', 'start_date', 'projects']) assert.ok(k in x, `pairing has ${k}`);
      assert.ok(['province', 'city'].includes(x.level));
      assert.ok(Number.isInteger(x.projects) && x.projects > 0, `${x.code} has projects`);
      assert.match(x.start_date, /^\d{4}-\d{2}-\d{2}$/);
    }
    const bj = r.json.items.find((x) => x.code === 'bj-sy');
    assert.equal(bj.host_region, '210100');
    assert.equal(bj.partner_region, '110000');
    assert.equal(bj.host_region_name, '沈阳市');
    assert.equal(bj.partner_region_name, '北京市');
    assert.equal(bj.level, 'city');
    assert.ok(bj.projects >= 139);
    const js = r.json.items.find((x) => x.code === 'js-ln');
    assert.equal(js.level, 'province');
    assert.equal(js.host_region, '210000');
    assert.equal(js.partner_region, '320000');
  });

  test('one pairing, and its project count follows new projects', async () => {
    const list = (await srv.get('/api/v1/pairings')).json.items;
    const r = await srv.get('/api/v1/pairings/bj-sy');
    assertStatus(r, 200);
    assert.deepEqual(r.json, list.find((x) => x.code === 'bj-sy'));
    const total = (await srv.get('/api/v1/projects?pairing=bj-sy&limit=1')).json.total;
    assert.equal(r.json.projects, total, 'projects = the number of the pairing\'s projects');
    await createProject(srv);
    assert.equal((await srv.get('/api/v1/pairings/bj-sy')).json.projects, r.json.projects + 1);
  });

  test('an unknown pairing is 404', async () => {
    assertError(await srv.get('/api/v1/pairings/xx-yy'), 404, 'not_found');
  });
});

describe('units', () => {
  test('by pairing and side', async () => {
    const all = await srv.get('/api/v1/units');
    assertStatus(all, 200);
    assert.ok(all.json.items.length > 0);
    const r = await srv.get('/api/v1/units?pairing=bj-sy');
    assertStatus(r, 200);
    assert.ok(r.json.items.length > 0);
    for (const u of r.json.items) {
      for (const k of ['id', 'pairing', 'side', 'kind', 'name', 'sort_order']) assert.ok(k in u, `unit has ${k}`);
      assert.equal(u.pairing, 'bj-sy');
      assert.ok(['host', 'partner'].includes(u.side));
      assert.ok(['department', 'district', 'enterprise', 'other'].includes(u.kind));
    }
    assert.ok(r.json.items.length < all.json.items.length, 'the pairing filter narrows the list');
    const host = await srv.get('/api/v1/units?pairing=bj-sy&side=host');
    assert.ok(host.json.items.length > 0);
    assert.ok(host.json.items.every((u) => u.side === 'host' && u.pairing === 'bj-sy'));
    const partner = await srv.get('/api/v1/units?pairing=bj-sy&side=partner');
    assert.ok(partner.json.items.length > 0);
    assert.ok(partner.json.items.every((u) => u.side === 'partner'));
    assert.equal(host.json.items.length + partner.json.items.length, r.json.items.length);
  });

  test('bad unit filters are 400', async () => {
    assertError(await srv.get('/api/v1/units?side=left'), 400, 'invalid_parameter', 'side');
    assertError(await srv.get('/api/v1/units?colour=red'), 400, 'invalid_parameter', 'colour');
  });
});

describe('regions (GB/T 2260)', () => {
  test('one region with its children: 沈阳市 210100 has 法库县 210124', async () => {
    const r = await srv.get('/api/v1/regions/210100');
    assertStatus(r, 200);
    assert.equal(r.json.code, '210100');
    assert.equal(r.json.name, '沈阳市');
    assert.equal(r.json.parent_code, '210000');
    assert.equal(r.json.level, 2);
    const fk = r.json.children.find((c) => c.code === '210124');
    assert.ok(fk, 'children include 210124');
    assert.equal(fk.name, '法库县');
    assert.equal(fk.level, 3);
    assert.ok(r.json.children.every((c) => c.parent_code === '210100'));
  });

  test('a province has no parent', async () => {
    const r = await srv.get('/api/v1/regions/110000');
    assertStatus(r, 200);
    assert.equal(r.json.name, '北京市');
    assert.equal(r.json.parent_code, null);
    assert.equal(r.json.level, 1);
    assert.ok(r.json.children.length > 0);
  });

  test('an unknown region is 404', async () => {
    assertError(await srv.get('/api/v1/regions/999999'), 404, 'not_found');
  });

  test('list by parent, level and text', async () => {
    const kids = await srv.get('/api/v1/regions?parent=210100');
    assertStatus(kids, 200);
    assert.ok(kids.json.items.length >= 10);
    assert.ok(kids.json.items.every((x) => x.parent_code === '210100'));
    assert.ok(kids.json.items.some((x) => x.code === '210124'));
    const provinces = await srv.get('/api/v1/regions?level=1');
    assert.ok(provinces.json.items.length >= 31);
    assert.ok(provinces.json.items.every((x) => x.level === 1));
    assert.ok(provinces.json.items.some((x) => x.code === '210000'));
    const q = await srv.get(`/api/v1/regions?q=${encodeURIComponent('法库')}`);
    assertStatus(q, 200);
    assert.ok(q.json.items.some((x) => x.code === '210124'));
    assert.ok(q.json.items.every((x) => x.name.includes('法库') || x.code.startsWith('法库')));
    const q2 = await srv.get(`/api/v1/regions?q=${encodeURIComponent('沈阳')}&level=2`);
    assert.deepEqual(q2.json.items.map((x) => x.code), ['210100']);
  });

  test('bad region filters are 400', async () => {
    assertError(await srv.get('/api/v1/regions?level=9'), 400, 'invalid_parameter', 'level');
    assertError(await srv.get('/api/v1/regions?level=x'), 400, 'invalid_parameter', 'level');
    assertError(await srv.get('/api/v1/regions?name=x'), 400, 'invalid_parameter', 'name');
  });
});

describe('industries (GB/T 4754-2017)', () => {
  test('the 20 sections A–T', async () => {
    const r = await srv.get('/api/v1/industries?level=1');
    assertStatus(r, 200);
    assert.deepEqual(r.json.items.map((x) => x.code).sort(), 'ABCDEFGHIJKLMNOPQRST'.split(''));
    assert.ok(r.json.items.every((x) => x.level === 1 && x.section === x.code));
    assert.equal(r.json.items.find((x) => x.code === 'C').name, '制造业');
  });

  test('the divisions of a section', async () => {
    const r = await srv.get('/api/v1/industries?level=2&section=C');
    assertStatus(r, 200);
    assert.ok(r.json.items.length >= 30, 'manufacturing has 31 divisions');
    assert.ok(r.json.items.every((x) => x.level === 2 && x.section === 'C' && /^\d{2}$/.test(x.code)));
    assert.ok(r.json.items.some((x) => x.code === '39'));
    assert.ok(!r.json.items.some((x) => x.code === '01'));
  });

  test('bad industry filters are 400', async () => {
    assertError(await srv.get('/api/v1/industries?level=7'), 400, 'invalid_parameter', 'level');
    assertError(await srv.get('/api/v1/industries?division=39'), 400, 'invalid_parameter', 'division');
  });
});

describe('capital statistics (招商引资到位资金)', () => {
  test('Shenyang 2017 by source region', async () => {
    const r = await srv.get('/api/v1/capital-stats?host_region=210100&year=2017');
    assertStatus(r, 200);
    assert.ok(r.json.items.length >= 2);
    for (const x of r.json.items) {
      for (const k of ['host_region', 'year', 'source_region', 'source_region_name', 'amount']) assert.ok(k in x, k);
      assert.equal(x.host_region, '210100');
      assert.equal(x.year, 2017);
      assert.ok(Number.isInteger(x.amount) && x.amount >= 0);
    }
    const bj = r.json.items.find((x) => x.source_region === '110000');
    assert.ok(bj, 'Beijing is a source');
    assert.equal(bj.source_region_name, '北京市');
  });

  test('bad filters are 400', async () => {
    assertError(await srv.get('/api/v1/capital-stats?year=abc'), 400, 'invalid_parameter', 'year');
    assertError(await srv.get('/api/v1/capital-stats?region=210100'), 400, 'invalid_parameter', 'region');
  });
});

describe('warning rules (预警规则)', () => {
  test('the three project rules and the three item rules', async () => {
    const r = await srv.get('/api/v1/warning-rules');
    assertStatus(r, 200);
    assert.deepEqual(r.json.items.map((x) => x.code).sort(),
      ['item_behind', 'item_due_soon', 'item_stale', 'no_report', 'progress_lag', 'start_overdue']);
    for (const x of r.json.items) {
      for (const k of ['code', 'name', 'yellow_at', 'red_at', 'unit', 'enabled', 'description', 'version']) assert.ok(k in x, k);
      // working days left count down: red comes at or below yellow
      if (x.unit === 'workdays') assert.ok(x.red_at <= x.yellow_at, x.code);
      else assert.ok(x.yellow_at <= x.red_at, x.code);
      assert.ok(x.enabled === true || x.enabled === 1);
    }
    const so = r.json.items.find((x) => x.code === 'start_overdue');
    assert.equal(so.unit, 'months');
    assert.equal(so.name, '逾期未开工');
  });

  test('changing a rule changes a project\'s colour', async () => {
    // An intention project planned to start in 2026-05: on 2026-11-15 it is 6 months overdue.
    // Default start_overdue: yellow when more than 0 months, red from 3 → red.
    const p = await createProject(srv, { planned_start: '2026-05', name: `预警测试${process.pid}` });
    const q = `/api/v1/projects?q=${encodeURIComponent(`预警测试${process.pid}`)}`;
    let g = (await srv.get(`/api/v1/projects/${p.id}`)).json;
    assert.equal(g.warning.colour, 'red', JSON.stringify(g.warning));
    assert.equal(g.warning.colour_name, '红');
    assert.deepEqual(g.warning.reasons.map((x) => [x.rule, x.colour]), [['start_overdue', 'red']]);
    assert.ok(g.warning.reasons[0].message.length > 0);
    assert.equal((await srv.get(`${q}&colour=red`)).json.total, 1);

    const before2 = (await srv.get('/api/v1/warning-rules')).json.items.find((x) => x.code === 'start_overdue');
    const ch = await srv.patch('/api/v1/warning-rules/start_overdue', { red_at: 12 });
    assertStatus(ch, 200);
    assert.equal(ch.json.code, 'start_overdue');
    assert.equal(ch.json.red_at, 12);
    assert.equal(ch.json.yellow_at, before2.yellow_at, 'fields not sent are kept');
    assert.ok(ch.json.version > before2.version);
    g = (await srv.get(`/api/v1/projects/${p.id}`)).json;
    assert.equal(g.warning.colour, 'yellow', JSON.stringify(g.warning));
    assert.equal(g.warning.colour_name, '黄');
    assert.equal((await srv.get(`${q}&colour=yellow`)).json.total, 1);
    assert.equal((await srv.get(`${q}&colour=red`)).json.total, 0);

    const off = await srv.patch('/api/v1/warning-rules/start_overdue', { enabled: false });
    assertStatus(off, 200);
    g = (await srv.get(`/api/v1/projects/${p.id}`)).json;
    assert.equal(g.warning.colour, 'green');
    assert.equal(g.warning.colour_name, '绿');
    assert.deepEqual(g.warning.reasons, []);
    assert.equal((await srv.get(`${q}&colour=green`)).json.total, 1);

    const on = await srv.patch('/api/v1/warning-rules/start_overdue', { enabled: true, yellow_at: before2.yellow_at, red_at: before2.red_at });
    assertStatus(on, 200);
    assert.equal((await srv.get(`/api/v1/projects/${p.id}`)).json.warning.colour, 'red');
    const list = (await srv.get('/api/v1/warning-rules')).json.items.find((x) => x.code === 'start_overdue');
    assert.equal(list.red_at, before2.red_at);
  });

  test('bad rule changes are refused and change nothing', async () => {
    const before2 = (await srv.get('/api/v1/warning-rules')).json.items;
    assertError(await srv.patch('/api/v1/warning-rules/no_such_rule', { red_at: 5 }), 404, 'not_found');
    assertError(await srv.patch('/api/v1/warning-rules/no_report', { red: 5 }), 400, 'unknown_field', 'red');
    assertError(await srv.patch('/api/v1/warning-rules/no_report', { red_at: 'five' }), 400, undefined, 'red_at');
    assertError(await srv.patch('/api/v1/warning-rules/no_report', { enabled: 'yes' }), 400, undefined, 'enabled');
    assertError(await srv.patch('/api/v1/warning-rules/no_report', { yellow_at: 9, red_at: 2 }), 422);
    assertError(await srv.patch('/api/v1/warning-rules/no_report', '{"red_at":'), 400, 'invalid_json');
    assert.deepEqual((await srv.get('/api/v1/warning-rules')).json.items, before2);
  });
});
