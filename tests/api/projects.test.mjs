// projects.test.mjs — create, read, list (every filter, sort, pagination), edit, ETag/If-Match,
// duplicate codes and the create-time rules, against a server on the demo data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  TODAY, assertError, assertStatus, createProject, listAll, listTotal, projectBody, startServer,
} from './harness.mjs';

let srv;
let units; // units of bj-sy
before(async () => {
  srv = await startServer({ demo: true, name: 'projects' });
  const r = await srv.get('/api/v1/units?pairing=bj-sy');
  assertStatus(r, 200);
  units = r.json.items;
  assert.ok(units.length >= 2, 'the demo pairing bj-sy has at least two units');
});
after(async () => { await srv?.stop(); });

const ids = (items) => items.map((p) => p.id);

function assertProjectShape(p) {
  for (const k of ['id', 'code', 'name', 'investor', 'investor_region', 'host_region', 'industry_section', 'industry_division',
    'unit_id', 'contact', 'leader', 'platform', 'content', 'planned_investment', 'agreed_capital', 'annual_plan',
    'annual_plan_year', 'planned_start', 'planned_finish', 'national_code', 'pairing', 'stage', 'stage_name',
    'stage_before_pause', 'stage_dates', 'completed_investment', 'completed_in_year', 'last_report_month', 'version',
    'created_at', 'updated_at', 'warning']) {
    assert.ok(k in p, `project has ${k}: ${JSON.stringify(p).slice(0, 300)}`);
  }
  assert.ok(Number.isInteger(p.id) && p.id > 0);
  assert.ok(Number.isInteger(p.planned_investment));
  assert.ok(Number.isInteger(p.completed_investment));
  assert.ok(Number.isInteger(p.completed_in_year));
  assert.ok(Number.isInteger(p.version));
  for (const s of ['intention', 'signed', 'landed', 'production']) assert.ok(s in p.stage_dates, `stage_dates.${s}`);
  assert.ok(['green', 'yellow', 'red'].includes(p.warning.colour));
  assert.ok(['绿', '黄', '红'].includes(p.warning.colour_name));
  assert.ok(Array.isArray(p.warning.reasons));
}

describe('create and read', () => {
  test('POST creates a project: 201, Location, ETag, and the stored fields', async () => {
    const body = projectBody({
      name: '创建测试：京东集团沈阳电商产业园',
      contact: '王五 024-12345678',
      leader: '李副市长',
      platform: '沈阳高新区',
      content: '建设电商物流中心',
      agreed_capital: 300000000,
      annual_plan: '5,000万元',
      annual_plan_year: 2026,
      planned_start: '2026-03',
      planned_finish: '2027-12',
      national_code: '2026-210124-39-03-000123',
      unit_id: units[0].id,
    });
    const r = await srv.post('/api/v1/projects', body);
    assertStatus(r, 201);
    const p = r.json;
    assertProjectShape(p);
    assert.equal(r.headers.get('location'), `/api/v1/projects/${p.id}`);
    assert.equal(r.headers.get('etag'), `"${p.version}"`);
    assert.match(r.headers.get('content-type') || '', /^application\/json/);
    assert.equal(p.code, body.code);
    assert.equal(p.name, body.name);
    assert.equal(p.investor, body.investor);
    assert.equal(p.investor_region, '110105');
    assert.equal(p.host_region, '210124');
    assert.equal(p.industry_section, 'C');
    assert.equal(p.industry_division, '39');
    assert.equal(p.pairing, 'bj-sy');
    assert.equal(p.unit_id, units[0].id);
    assert.equal(p.contact, body.contact);
    assert.equal(p.leader, body.leader);
    assert.equal(p.platform, body.platform);
    assert.equal(p.content, body.content);
    assert.equal(p.planned_investment, 500000000);
    assert.equal(p.agreed_capital, 300000000);
    assert.equal(p.annual_plan, 50000000, '"5,000万元" is 50,000,000 yuan');
    assert.equal(p.annual_plan_year, 2026);
    assert.equal(p.planned_start, '2026-03');
    assert.equal(p.planned_finish, '2027-12');
    assert.equal(p.national_code, '2026-210124-39-03-000123');
    assert.equal(p.stage, 'intention');
    assert.equal(p.stage_name, '意向');
    assert.equal(p.stage_before_pause, null);
    assert.deepEqual(p.stage_dates, { intention: '2026-01-10', signed: null, landed: null, production: null });
    assert.equal(p.completed_investment, 0);
    assert.equal(p.completed_in_year, 0);
    assert.equal(p.last_report_month, null);
    assert.equal(p.version, 1);

    const g = await srv.get(`/api/v1/projects/${p.id}`);
    assertStatus(g, 200);
    assertProjectShape(g.json);
    assert.equal(g.headers.get('etag'), `"${g.json.version}"`);
    for (const k of Object.keys(p)) {
      if (k === 'warning') continue;
      assert.deepEqual(g.json[k], p[k], `GET returns the same ${k} as POST`);
    }
    assert.ok(Array.isArray(g.json.stage_history));
    assert.ok(g.json.stage_history.length >= 1, 'creation is the first stage event');
    assert.equal(g.json.stage_history[0].to_stage, 'intention');
    assert.equal(g.json.stage_history[0].date, '2026-01-10');
    assert.deepEqual(g.json.problems, []);
  });

  test('money text in requests: "12.3亿元" and "1,234.56万元" are stored as integer yuan', async () => {
    const a = await createProject(srv, { planned_investment: '12.3亿元' });
    assert.equal(a.planned_investment, 1230000000);
    const b = await createProject(srv, { planned_investment: '1,234.56万元' });
    assert.equal(b.planned_investment, 12345600);
    const c = await createProject(srv, { planned_investment: '１２３４.５６万元' });
    assert.equal(c.planned_investment, 12345600, 'full-width digits');
  });

  test('a project can be created in a later stage with the dates it needs', async () => {
    const p = await createProject(srv, {
      stage: 'landed', intention_date: '2025-01-05', signed_date: '2025-03-01', landed_date: '2025-06-30',
    });
    assert.equal(p.stage, 'landed');
    assert.equal(p.stage_name, '落地');
    assert.deepEqual(p.stage_dates, { intention: '2025-01-05', signed: '2025-03-01', landed: '2025-06-30', production: null });
    const q = await createProject(srv, { stage: '签约', signed_date: '2026-02-01' });
    assert.equal(q.stage, 'signed', 'the Chinese stage name is accepted');
  });

  test('create rules: missing stage date, dates backwards, future dates (422)', async () => {
    const before = await listTotal(srv);
    assertError(await srv.post('/api/v1/projects', projectBody({ stage: 'signed' })), 422, 'missing_stage_date');
    assertError(await srv.post('/api/v1/projects', projectBody({ stage: 'landed', signed_date: '2026-02-01' })),
      422, 'missing_stage_date');
    assertError(await srv.post('/api/v1/projects', projectBody({ stage: 'signed', signed_date: '2025-12-31' })),
      422, 'dates_backwards');
    assertError(await srv.post('/api/v1/projects', projectBody({ intention_date: '2026-11-16' })), 422, 'future_date');
    assertError(await srv.post('/api/v1/projects', projectBody({ stage: 'signed', signed_date: '2027-01-01' })),
      422, 'future_date');
    const noIntention = await srv.post('/api/v1/projects', projectBody({ intention_date: undefined }));
    assertError(noIntention, noIntention.status === 400 ? 400 : 422, ['missing_stage_date', 'missing_field'], 'intention_date');
    assert.equal(await listTotal(srv), before, 'nothing was written');
  });

  test('create rules: unknown references and inconsistent fields (422)', async () => {
    const before = await listTotal(srv);
    assertError(await srv.post('/api/v1/projects', projectBody({ host_region: '219999' })), 422, 'unknown_region', 'host_region');
    assertError(await srv.post('/api/v1/projects', projectBody({ investor_region: '119999' })), 422, 'unknown_region', 'investor_region');
    assertError(await srv.post('/api/v1/projects', projectBody({ pairing: 'no-such-pairing' })), 422, 'unknown_pairing', 'pairing');
    assertError(await srv.post('/api/v1/projects', projectBody({ industry_division: '99' })), 422, 'unknown_industry', 'industry_division');
    assertError(await srv.post('/api/v1/projects', projectBody({ industry_section: 'C', industry_division: '01' })),
      422, 'industry_mismatch', 'industry_division');
    assertError(await srv.post('/api/v1/projects', projectBody({ unit_id: 99999999 })), 422, 'unknown_unit', 'unit_id');
    assertError(await srv.post('/api/v1/projects', projectBody({ planned_start: '2026-05', planned_finish: '2026-01' })),
      422, 'finish_before_start');
    assert.equal(await listTotal(srv), before, 'nothing was written');
  });

  test('a duplicate code is 409 duplicate_code and writes nothing', async () => {
    const p = await createProject(srv);
    const before = await listTotal(srv);
    assertError(await srv.post('/api/v1/projects', projectBody({ code: p.code, name: '重复编号' })), 409, 'duplicate_code', 'code');
    assert.equal(await listTotal(srv), before);
    const l = await srv.get(`/api/v1/projects?q=${encodeURIComponent(p.code)}`);
    assert.equal(l.json.total, 1);
  });
});

describe('edit (PATCH) with ETag / If-Match', () => {
  test('PATCH changes fields, keeps the others, bumps the version and the ETag', async () => {
    const p = await createProject(srv, { contact: '张三' });
    const r = await srv.patch(`/api/v1/projects/${p.id}`, { name: '改名后的项目', planned_investment: '8亿元', leader: '赵六' });
    assertStatus(r, 200);
    assert.equal(r.json.name, '改名后的项目');
    assert.equal(r.json.planned_investment, 800000000);
    assert.equal(r.json.leader, '赵六');
    assert.equal(r.json.contact, '张三', 'fields not sent are kept');
    assert.equal(r.json.investor, p.investor);
    assert.equal(r.json.version, p.version + 1);
    const g = await srv.get(`/api/v1/projects/${p.id}`);
    assert.equal(g.json.name, '改名后的项目');
    assert.equal(g.headers.get('etag'), `"${p.version + 1}"`);
  });

  test('PATCH null clears an optional field', async () => {
    const p = await createProject(srv, { contact: '张三', agreed_capital: 1000 });
    const r = await srv.patch(`/api/v1/projects/${p.id}`, { contact: null, agreed_capital: null });
    assertStatus(r, 200);
    assert.equal(r.json.contact, null);
    assert.equal(r.json.agreed_capital, null);
  });

  test('If-Match with the current version succeeds; a stale one is 412 and changes nothing', async () => {
    const p = await createProject(srv);
    const g = await srv.get(`/api/v1/projects/${p.id}`);
    const etag = g.headers.get('etag');
    assert.equal(etag, `"${p.version}"`);
    const ok = await srv.patch(`/api/v1/projects/${p.id}`, { leader: '第一次' }, { 'If-Match': etag });
    assertStatus(ok, 200);
    assert.equal(ok.json.version, p.version + 1);
    const stale = await srv.patch(`/api/v1/projects/${p.id}`, { leader: '第二次' }, { 'If-Match': etag });
    assertError(stale, 412, 'stale_version');
    const after2 = await srv.get(`/api/v1/projects/${p.id}`);
    assert.equal(after2.json.leader, '第一次', 'the stale write changed nothing');
    assert.equal(after2.json.version, p.version + 1);
    const fresh = await srv.patch(`/api/v1/projects/${p.id}`, { leader: '第三次' }, { 'If-Match': after2.headers.get('etag') });
    assertStatus(fresh, 200);
    assert.equal(fresh.json.leader, '第三次');
  });

  test('PATCH to another project\'s code is 409 duplicate_code', async () => {
    const a = await createProject(srv);
    const b = await createProject(srv);
    assertError(await srv.patch(`/api/v1/projects/${b.id}`, { code: a.code }), 409, 'duplicate_code');
    const g = await srv.get(`/api/v1/projects/${b.id}`);
    assert.equal(g.json.code, b.code);
    assert.equal(g.json.version, b.version);
  });

  test('PATCH cannot change the stage, its dates or the pairing (400 unknown_field)', async () => {
    const p = await createProject(srv);
    for (const body of [{ stage: 'signed' }, { signed_date: '2026-02-01' }, { intention_date: '2026-01-01' },
      { stage_dates: { signed: '2026-02-01' } }, { pairing: 'sh-dl' }, { version: 7 }, { id: 1 }]) {
      const r = await srv.patch(`/api/v1/projects/${p.id}`, body);
      assertError(r, 400, 'unknown_field', Object.keys(body)[0]);
    }
    const g = await srv.get(`/api/v1/projects/${p.id}`);
    assert.equal(g.json.version, p.version);
    assert.equal(g.json.stage, 'intention');
    assert.equal(g.json.pairing, 'bj-sy');
  });

  test('PATCH validates like create (422) and writes nothing', async () => {
    const p = await createProject(srv);
    assertError(await srv.patch(`/api/v1/projects/${p.id}`, { host_region: '219999' }), 422, 'unknown_region');
    assertError(await srv.patch(`/api/v1/projects/${p.id}`, { unit_id: 99999999 }), 422, 'unknown_unit');
    assertError(await srv.patch(`/api/v1/projects/${p.id}`, { industry_division: '01' }), 422, 'industry_mismatch');
    assertError(await srv.patch(`/api/v1/projects/${p.id}`, { planned_start: '2026-05', planned_finish: '2026-01' }),
      422, 'finish_before_start');
    const g = await srv.get(`/api/v1/projects/${p.id}`);
    assert.equal(g.json.version, p.version);
  });
});

describe('list filters', () => {
  // Projects made for the filter tests: one in 法库县 (210124) from 朝阳区 (110105), division 39,
  // with a unit; one in 和平区 (210102) from 上海 (310101), division 01 (section A); they differ
  // in every filtered attribute.
  let fa; let fb; let token;
  before(async () => {
    token = `滤${process.pid}`;
    fa = await createProject(srv, {
      name: `${token}甲 智能制造基地`, investor: '北京甲方科技有限公司', host_region: '210124', investor_region: '110105',
      industry_section: 'C', industry_division: '39', planned_investment: 777000001, unit_id: units[0].id,
      stage: 'signed', signed_date: '2026-03-03', planned_start: '2026-01',
    });
    fb = await createProject(srv, {
      name: `${token}乙 现代农业园`, investor: `上海乙方农业${token}有限公司`, host_region: '210102', investor_region: '310101',
      industry_section: 'A', industry_division: '01', planned_investment: 1234, unit_id: units[1].id,
    });
  });

  test('the list shape: items, total, limit, offset, as_of', async () => {
    const r = await srv.get('/api/v1/projects');
    assertStatus(r, 200);
    assert.ok(Array.isArray(r.json.items));
    assert.ok(Number.isInteger(r.json.total));
    assert.equal(r.json.limit, 50, 'default limit 50');
    assert.equal(r.json.offset, 0);
    assert.equal(r.json.as_of, TODAY, 'as_of defaults to today');
    assert.ok(r.json.items.length <= 50);
    assert.ok(r.json.total >= 139 + 2, 'the demo data and ours');
    r.json.items.forEach(assertProjectShape);
  });

  test('pairing', async () => {
    const { items, total } = await listAll(srv, 'pairing=bj-sy');
    assert.equal(items.length, total);
    assert.ok(items.every((p) => p.pairing === 'bj-sy'));
    assert.ok(ids(items).includes(fa.id));
    const other = await listAll(srv, 'pairing=sh-dl');
    assert.ok(other.total > 0, 'sh-dl has demo projects');
    assert.ok(other.items.every((p) => p.pairing === 'sh-dl'));
    assert.ok(!ids(other.items).includes(fa.id));
    const all = await listTotal(srv);
    assert.ok(total < all, 'the pairing filter narrows the list');
  });

  test('stage, by code and by Chinese name', async () => {
    const s = await listAll(srv, 'stage=signed');
    assert.ok(s.total > 0);
    assert.ok(s.items.every((p) => p.stage === 'signed'));
    assert.ok(ids(s.items).includes(fa.id));
    assert.ok(!ids(s.items).includes(fb.id));
    const zh = await listAll(srv, `stage=${encodeURIComponent('签约')}`);
    assert.equal(zh.total, s.total);
    assert.deepEqual(ids(zh.items).sort(), ids(s.items).sort());
    const i = await listAll(srv, 'stage=intention');
    assert.ok(i.items.every((p) => p.stage === 'intention'));
    assert.ok(ids(i.items).includes(fb.id));
  });

  test('industry by section letter and by two-digit division', async () => {
    const c = await listAll(srv, 'industry=C');
    assert.ok(c.total > 0);
    assert.ok(c.items.every((p) => p.industry_section === 'C'));
    assert.ok(ids(c.items).includes(fa.id));
    assert.ok(!ids(c.items).includes(fb.id));
    const d39 = await listAll(srv, 'industry=39');
    assert.ok(d39.items.every((p) => p.industry_division === '39'));
    assert.ok(ids(d39.items).includes(fa.id));
    assert.ok(d39.total <= c.total);
    const d01 = await listAll(srv, 'industry=01');
    assert.ok(d01.items.every((p) => p.industry_division === '01'));
    assert.ok(ids(d01.items).includes(fb.id));
    assert.ok(!ids(d01.items).includes(fa.id));
  });

  test('host_region includes descendants: 210100 (沈阳) finds a project in 210124 (法库县)', async () => {
    const city = await listAll(srv, 'host_region=210100');
    assert.ok(city.items.every((p) => p.host_region.startsWith('2101')), 'every project lies in Shenyang');
    assert.ok(ids(city.items).includes(fa.id), 'the 法库县 project is in 沈阳');
    assert.ok(ids(city.items).includes(fb.id), 'the 和平区 project is in 沈阳');
    const county = await listAll(srv, 'host_region=210124');
    assert.ok(county.items.every((p) => p.host_region === '210124'));
    assert.ok(ids(county.items).includes(fa.id));
    assert.ok(!ids(county.items).includes(fb.id));
    const province = await listAll(srv, 'host_region=210000');
    assert.ok(province.items.every((p) => p.host_region.startsWith('21')));
    assert.ok(province.total >= city.total);
    const elsewhere = await listAll(srv, 'host_region=220000');
    assert.ok(!ids(elsewhere.items).includes(fa.id));
  });

  test('origin_region (the investor\'s region) includes descendants', async () => {
    const bj = await listAll(srv, 'origin_region=110000');
    assert.ok(bj.total > 0);
    assert.ok(bj.items.every((p) => p.investor_region.startsWith('11')));
    assert.ok(ids(bj.items).includes(fa.id), '朝阳区 110105 is in 北京 110000');
    assert.ok(!ids(bj.items).includes(fb.id));
    const sh = await listAll(srv, 'origin_region=310000');
    assert.ok(sh.items.every((p) => p.investor_region.startsWith('31')));
    assert.ok(ids(sh.items).includes(fb.id));
    const exact = await listAll(srv, 'origin_region=110105');
    assert.ok(exact.items.every((p) => p.investor_region === '110105'));
    assert.ok(ids(exact.items).includes(fa.id));
  });

  test('unit_id', async () => {
    const u = await listAll(srv, `unit_id=${units[0].id}`);
    assert.ok(u.items.every((p) => p.unit_id === units[0].id));
    assert.ok(ids(u.items).includes(fa.id));
    assert.ok(!ids(u.items).includes(fb.id));
    const u2 = await listAll(srv, `unit_id=${units[1].id}`);
    assert.ok(u2.items.every((p) => p.unit_id === units[1].id));
    assert.ok(ids(u2.items).includes(fb.id));
  });

  test('colour', async () => {
    // fa is signed with a planned start of 2026-01 and no reports: it is red on 2026-11-15
    // (start overdue 10 months ≥ 3; and 8 months without a report ≥ 3).
    const g = await srv.get(`/api/v1/projects/${fa.id}`);
    assert.equal(g.json.warning.colour, 'red', JSON.stringify(g.json.warning));
    const red = await listAll(srv, 'colour=red');
    assert.ok(red.items.every((p) => p.warning.colour === 'red'));
    assert.ok(ids(red.items).includes(fa.id));
    const green = await listAll(srv, 'colour=green');
    assert.ok(green.items.every((p) => p.warning.colour === 'green'));
    assert.ok(!ids(green.items).includes(fa.id));
    const yellow = await listAll(srv, 'colour=yellow');
    assert.ok(yellow.items.every((p) => p.warning.colour === 'yellow'));
    assert.equal(red.total + green.total + yellow.total, await listTotal(srv), 'every project has one colour');
  });

  test('investment range (min_investment, max_investment in yuan, inclusive)', async () => {
    const r = await listAll(srv, 'min_investment=777000001&max_investment=777000001');
    assert.ok(r.items.every((p) => p.planned_investment === 777000001));
    assert.ok(ids(r.items).includes(fa.id));
    const lo = await listAll(srv, 'max_investment=10000');
    assert.ok(lo.items.every((p) => p.planned_investment <= 10000));
    assert.ok(ids(lo.items).includes(fb.id));
    assert.ok(!ids(lo.items).includes(fa.id));
    const hi = await listAll(srv, 'min_investment=777000002');
    assert.ok(hi.items.every((p) => p.planned_investment >= 777000002));
    assert.ok(!ids(hi.items).includes(fa.id));
    const mid = await listAll(srv, 'min_investment=100000000&max_investment=1000000000');
    assert.ok(mid.items.every((p) => p.planned_investment >= 100000000 && p.planned_investment <= 1000000000));
    assert.ok(mid.total > 0);
  });

  test('q searches name, investor and code', async () => {
    const byName = await srv.get(`/api/v1/projects?q=${encodeURIComponent(`${token}甲`)}`);
    assertStatus(byName, 200);
    assert.deepEqual(ids(byName.json.items), [fa.id]);
    assert.equal(byName.json.total, 1);
    const both = await srv.get(`/api/v1/projects?q=${encodeURIComponent(token)}`);
    assert.deepEqual(ids(both.json.items).sort((a, b) => a - b), [fa.id, fb.id].sort((a, b) => a - b));
    const byInvestor = await srv.get(`/api/v1/projects?q=${encodeURIComponent(`上海乙方农业${token}`)}`);
    assert.deepEqual(ids(byInvestor.json.items), [fb.id]);
    const byCode = await srv.get(`/api/v1/projects?q=${encodeURIComponent(fa.code)}`);
    assert.deepEqual(ids(byCode.json.items), [fa.id]);
    const none = await srv.get(`/api/v1/projects?q=${encodeURIComponent('不存在的项目名称zzqx')}`);
    assert.equal(none.json.total, 0);
    assert.deepEqual(none.json.items, []);
  });

  test('filters combine (AND)', async () => {
    const r = await listAll(srv, `pairing=bj-sy&host_region=210100&origin_region=110000&industry=C&stage=signed&unit_id=${units[0].id}`);
    assert.ok(ids(r.items).includes(fa.id));
    assert.ok(r.items.every((p) => p.pairing === 'bj-sy' && p.host_region.startsWith('2101') && p.investor_region.startsWith('11') &&
      p.industry_section === 'C' && p.stage === 'signed' && p.unit_id === units[0].id));
    const none = await srv.get(`/api/v1/projects?q=${encodeURIComponent(`${token}甲`)}&stage=intention`);
    assert.equal(none.json.total, 0);
  });
});

describe('sort and pagination', () => {
  const keys = {
    code: (p) => p.code,
    name: (p) => p.name,
    planned_investment: (p) => p.planned_investment,
    completed_investment: (p) => p.completed_investment,
    intention_date: (p) => p.stage_dates.intention,
    updated_at: (p) => p.updated_at,
  };
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  for (const [key, get] of Object.entries(keys)) {
    test(`sort=${key} ascending and sort=-${key} descending`, async () => {
      const asc = await listAll(srv, `pairing=bj-sy&sort=${key}`);
      const desc = await listAll(srv, `pairing=bj-sy&sort=-${key}`);
      assert.equal(asc.items.length, desc.items.length);
      for (let i = 1; i < asc.items.length; i++) {
        assert.ok(cmp(get(asc.items[i - 1]), get(asc.items[i])) <= 0,
          `ascending by ${key} at ${i}: ${get(asc.items[i - 1])} then ${get(asc.items[i])}`);
        assert.ok(cmp(get(desc.items[i - 1]), get(desc.items[i])) >= 0,
          `descending by ${key} at ${i}: ${get(desc.items[i - 1])} then ${get(desc.items[i])}`);
      }
      assert.notDeepEqual(ids(asc.items), ids(desc.items), 'the two directions differ');
    });
  }

  test('sort=stage groups the stages, and -stage reverses the order', async () => {
    const asc = await listAll(srv, 'sort=stage');
    const desc = await listAll(srv, 'sort=-stage');
    const seen = (items) => [...new Set(items.map((p) => p.stage))];
    const a = seen(asc.items);
    const d = seen(desc.items);
    assert.ok(a.length >= 3, 'the data has several stages');
    assert.deepEqual(d, [...a].reverse(), 'descending is the reverse');
    // Whether the order is by lifecycle or by code, each stage forms one contiguous run.
    for (let i = 1; i < asc.items.length; i++) {
      const x = asc.items[i - 1].stage; const y = asc.items[i].stage;
      if (x !== y) assert.ok(!asc.items.slice(0, i - 1).some((p) => p.stage === y), `stage ${y} appears in two runs`);
    }
  });

  test('limit and offset page through every project exactly once, with the total on each page', async () => {
    const total = await listTotal(srv, 'pairing=bj-sy');
    const seen = [];
    for (let offset = 0; offset < total + 7; offset += 7) {
      const r = await srv.get(`/api/v1/projects?pairing=bj-sy&limit=7&offset=${offset}`);
      assertStatus(r, 200);
      assert.equal(r.json.total, total);
      assert.equal(r.json.limit, 7);
      assert.equal(r.json.offset, offset);
      assert.equal(r.json.items.length, Math.max(0, Math.min(7, total - offset)));
      seen.push(...ids(r.json.items));
    }
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total, 'no project on two pages');
    const all = await listAll(srv, 'pairing=bj-sy');
    assert.deepEqual(seen, ids(all.items), 'pages follow the same order');
  });

  test('limit bounds: 1 and 500 are accepted; 0, 501 and text are 400 invalid_parameter', async () => {
    const one = await srv.get('/api/v1/projects?limit=1');
    assertStatus(one, 200);
    assert.equal(one.json.items.length, 1);
    const max = await srv.get('/api/v1/projects?limit=500');
    assertStatus(max, 200);
    assert.equal(max.json.items.length, Math.min(500, max.json.total));
    assertError(await srv.get('/api/v1/projects?limit=0'), 400, 'invalid_parameter', 'limit');
    assertError(await srv.get('/api/v1/projects?limit=501'), 400, 'invalid_parameter', 'limit');
    assertError(await srv.get('/api/v1/projects?limit=ten'), 400, 'invalid_parameter', 'limit');
    assertError(await srv.get('/api/v1/projects?offset=-1'), 400, 'invalid_parameter', 'offset');
  });

  test('an offset past the end gives an empty page with the total', async () => {
    const total = await listTotal(srv);
    const r = await srv.get(`/api/v1/projects?offset=${total + 10}`);
    assertStatus(r, 200);
    assert.deepEqual(r.json.items, []);
    assert.equal(r.json.total, total);
  });

  test('invalid filter values are 400 invalid_parameter naming the parameter', async () => {
    assertError(await srv.get('/api/v1/projects?sort=bogus'), 400, 'invalid_parameter', 'sort');
    assertError(await srv.get('/api/v1/projects?colour=purple'), 400, 'invalid_parameter', 'colour');
    assertError(await srv.get('/api/v1/projects?stage=bogus'), 400, 'invalid_parameter', 'stage');
    assertError(await srv.get('/api/v1/projects?as_of=2017-02-30'), 400, 'invalid_parameter', 'as_of');
    assertError(await srv.get('/api/v1/projects?min_investment=lots'), 400, 'invalid_parameter', 'min_investment');
    assertError(await srv.get('/api/v1/projects?unit_id=x'), 400, 'invalid_parameter', 'unit_id');
    assertError(await srv.get('/api/v1/projects?frobnicate=1'), 400, 'invalid_parameter', 'frobnicate');
  });

  test('as_of is echoed and evaluates the list on that date', async () => {
    const r = await srv.get('/api/v1/projects?as_of=2017-12-31&pairing=bj-sy&limit=1');
    assertStatus(r, 200);
    assert.equal(r.json.as_of, '2017-12-31');
  });
});

describe('history', () => {
  test('GET /projects/{id}/history lists the audit rows of creation and edits', async () => {
    const p = await createProject(srv);
    await srv.patch(`/api/v1/projects/${p.id}`, { leader: '钱七' });
    const r = await srv.get(`/api/v1/projects/${p.id}/history`);
    assertStatus(r, 200);
    assert.ok(Array.isArray(r.json.items));
    assert.ok(r.json.items.length >= 2, JSON.stringify(r.json.items));
    for (const a of r.json.items) for (const k of ['at', 'actor', 'action', 'detail']) assert.ok(k in a, `audit row has ${k}`);
    assert.ok(r.json.items.some((a) => /create/.test(a.action)), 'a create row');
    assert.ok(r.json.items.some((a) => /update|edit|patch/.test(a.action)), 'an update row');
  });

});
