// ledger.test.mjs — Excel/CSV ledgers over real HTTP: export → import round trips (a second
// import changes nothing), a GB18030 CSV made the way Chinese Excel saves it, dry runs, the
// all-or-nothing problem report, per-row permissions, and bad files answered with a 4xx that
// names the sheet, row, column or byte.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { newToken, rawRequest, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ name: 'ledger' }); });
after(async () => { await srv.stop(); });

async function download(p, token = srv.token) {
  const r = await fetch(`${srv.base}${p}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
}

async function upload(file, name, fields = {}, token = srv.token) {
  const form = new FormData();
  form.append('file', new Blob([file]), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const r = await fetch(`${srv.base}/api/v1/imports`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${token}` } });
  const text = await r.text();
  return { status: r.status, json: JSON.parse(text), text };
}

const gb18030 = (s) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: s });
const auditCount = async () => (await srv.get('/api/v1/audit?limit=1000')).json.items.length;

describe('round trips', () => {
  test('the project ledger exported as .xlsx imports back unchanged, applied or dry', async () => {
    const x = await download('/api/v1/exports/projects?pairing=bj-sy&format=xlsx');
    assert.equal(x.status, 200);
    assert.match(x.type, /spreadsheetml/);
    assert.equal(x.body.subarray(0, 2).toString(), 'PK');
    const total = (await srv.get('/api/v1/projects?pairing=bj-sy&limit=1')).json.total;
    const dry = await upload(x.body, 'ledger.xlsx', { kind: 'projects', dry_run: 'true' });
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.json.rows, total);
    assert.equal(dry.json.unchanged, total);
    assert.equal(dry.json.added + dry.json.changed, 0);
    assert.equal(dry.json.header_row, 3);
    assert.equal(dry.json.unit, '万元');
    const before = await auditCount();
    const applied = await upload(x.body, 'ledger.xlsx', { kind: 'projects' });
    assert.equal(applied.status, 201, applied.text);
    assert.match(applied.json.change_set, /^imp-[0-9a-f]{16}$/);
    assert.equal(applied.json.changed, 0);
    assert.equal(await auditCount(), before + 1, 'an import that changes nothing records only itself');
  });

  test('the project ledger as UTF-8 and GB18030 CSV imports back unchanged', async () => {
    for (const enc of ['utf-8', 'gb18030']) {
      const c = await download(`/api/v1/exports/projects?pairing=bj-sy&format=csv&encoding=${enc}`);
      assert.equal(c.status, 200);
      if (enc === 'utf-8') assert.deepEqual([...c.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const r = await upload(c.body, 'ledger.csv', { dry_run: 'true' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.changed + r.json.added, 0, r.text);
      assert.ok(r.json.unchanged > 0);
    }
  });

  test('the 调度表 imports back as progress unchanged', async () => {
    const month = '2026-10';
    const x = await download(`/api/v1/exports/schedule?pairing=bj-sy&month=${month}`);
    assert.equal(x.status, 200);
    const r = await upload(x.body, 'schedule.xlsx', { kind: 'progress', dry_run: 'true' });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.rows > 0);
    assert.equal(r.json.added + r.json.changed, 0, r.text);
  });
});

test('the summary report as tables: the 合计 of each breakdown is the headline', async () => {
  const c = await download('/api/v1/exports/summary?pairing=bj-sy&year=2017&format=csv');
  assert.equal(c.status, 200);
  const head = (await srv.get('/api/v1/reports/summary?pairing=bj-sy&year=2017')).json.headline;
  const totals = c.body.toString('utf8').split('\r\n').filter((l) => l.startsWith('合计'));
  assert.equal(totals.length, 5);
  for (const t of totals) {
    const [, , n, planned] = t.split(',');
    assert.equal(Number(n), head.projects);
    assert.equal(Math.round(Number(planned) * 10000), head.planned_investment);
  }
  const x = await download('/api/v1/exports/summary?pairing=bj-sy&year=2017');
  assert.equal(x.status, 200);
  assert.equal((await download('/api/v1/exports/nothing')).status, 404);
});

describe('a ledger as an office makes it', () => {
  const csv = [
    '2018年沈阳市对口合作重大项目推进台账,,,,,,,,,',
    ',,,,,,,,单位：万元,',
    '序号,項目編號,项目全称,对口合作关系,投资方,投资方所在地,项目所在地,所属行业,總投資,阶段,意向日期',
    '1,LEDGER-001,测试　项目一,bj-sy,某某集团,北京市（110000）,法库县,C,"１，２３４.５",意向,2018年5月8日',
    '2,LEDGER-002,测试项目二,bj-sy,某某集团,110000,210124,制造业,"2,000",意向,2018/05/09',
    ',合　计,,,,,,,3234.5,,',
    '注：本表由合作办汇总。,,,,,,,,,',
  ].join('\r\n');

  test('GB18030 CSV with title, unit and totals rows, Traditional headers, full-width digits: dry run, then applied once', async () => {
    const file = gb18030(csv);
    const dry = await upload(file, '台账.csv', { dry_run: 'true' });
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.json.rows, 2);
    assert.equal(dry.json.added, 2);
    assert.equal(dry.json.changes[0].fields.planned_investment, 12345000);
    assert.equal((await srv.get('/api/v1/projects?q=LEDGER-00')).json.total, 0, 'a dry run writes nothing');
    const r = await upload(file, '台账.csv');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.added, 2);
    const list = (await srv.get('/api/v1/projects?q=LEDGER-00&sort=code')).json.items;
    assert.deepEqual(list.map((p) => [p.code, p.planned_investment, p.host_region, p.industry_section]), [
      ['LEDGER-001', 12345000, '210124', 'C'],
      ['LEDGER-002', 20000000, '210124', 'C'],
    ]);
    assert.equal(list[0].stage_dates.intention, '2018-05-08');
    const again = await upload(file, '台账.csv');
    assert.equal(again.status, 201);
    assert.equal(again.json.added + again.json.changed, 0, 'the same file twice changes nothing');
    // one change set: the two creations and the import's own row carry its id
    const audit = (await srv.get('/api/v1/audit?limit=1000')).json.items.filter((a) => a.change_set === r.json.change_set);
    assert.deepEqual(audit.map((a) => a.action).sort(), ['import.apply', 'project.create', 'project.create']);
  });

  test('a changed amount is one change; the report shows it', async () => {
    const changed = csv.replace('"１，２３４.５"', '1300');
    const r = await upload(gb18030(changed), '台账.csv');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.changed, 1);
    assert.deepEqual(r.json.changes[0].fields, { planned_investment: 13000000 });
  });

  test('problems: every one listed with sheet, row, column and value; nothing written', async () => {
    const bad = csv
      .replace('"2,000"', '12.345678')
      .replace('法库县', '不存在县')
      .replace('2018/05/09', '2018-13-40');
    const before = await auditCount();
    const r = await upload(gb18030(bad), '台账.csv');
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.code, 'import_rejected');
    const probs = r.json.error.problems.map((p) => [p.row, p.column, p.header, p.value]);
    assert.deepEqual(probs, [
      [4, 'G', '项目所在地', '不存在县'],
      [5, 'I', '计划总投资（万元）', '12.345678'],
      [5, 'K', '意向日期', '2018-13-40'],
    ]);
    assert.equal(await auditCount(), before);
  });
});

describe('permissions and bad files', () => {
  test('a unit may import only the rows it is responsible for', async () => {
    const units = (await srv.get('/api/v1/units?pairing=bj-sy')).json.items;
    const unit = units.find((u) => u.side === 'host');
    const u = await srv.post('/api/v1/users', { login: 'ledger-unit', password: 'a-long-password-1', role: 'unit', pairing: 'bj-sy', unit_id: unit.id });
    assert.equal(u.status, 201, u.text);
    const tok = execFileSync(process.env.DUIKOU_BIN, ['token', 'add', 'ledger-unit', 't', '--db', srv.dbPath]).toString().trim();
    const x = await download('/api/v1/exports/projects?pairing=bj-sy&format=csv');
    const r = await upload(x.body, 'ledger.csv', { dry_run: 'true' }, tok);
    assert.equal(r.status, 422, r.text);
    assert.ok(r.json.error.problems.every((p) => p.code === 'forbidden' && p.column === 'A'));
    const ex = await download('/api/v1/exports/projects', tok);
    assert.equal(ex.status, 403);
  });

  test('bad files get a 4xx naming what is wrong, never a crash', async () => {
    const x = (await download('/api/v1/exports/projects?pairing=bj-sy')).body;
    const cases = [
      [Buffer.from('not a zip at all'), 'a.xlsx', {}, 400, 'not_xlsx'],
      [x.subarray(0, Math.floor(x.length / 2)), 'cut.xlsx', {}, 400, 'not_xlsx'],
      [x, 'a.xlsx', { sheet: 'nope' }, 400, 'no_such_sheet'],
      [Buffer.from([0x31, 0x2c, 0xff, 0xfe, 0x0a]), 'a.csv', { encoding: 'utf-8' }, 400, 'bad_encoding'],
      [Buffer.from('a,b\n1,2\n'), 'a.csv', {}, 400, 'no_header'],
      [Buffer.from('项目编号,项目名称\nX,Y\n'), 'a.csv', { kind: 'nope' }, 400, 'invalid_parameter'],
      [Buffer.from('项目编号,项目名称\nX,Y\n'), 'a.csv', { colour: 'red' }, 400, 'unknown_field'],
    ];
    for (const [file, name, fields, status, code] of cases) {
      const r = await upload(file, name, fields);
      assert.equal(r.status, status, `${name} ${JSON.stringify(fields)}: ${r.text}`);
      assert.equal(r.json.error.code, code, r.text);
      assert.ok(r.json.error.message.length > 0);
    }
    const json = await srv.post('/api/v1/imports', { file: 'x' });
    assert.equal(json.status, 415);
    const missing = await upload(Buffer.from('项目编号,项目名称\nX,Y\n'), 'a.csv', { kind: 'progress' });
    assert.equal(missing.status, 400, missing.text);
    assert.equal(missing.json.error.code, 'missing_column');
    assert.match(missing.json.error.message, /第 1 行的表头缺少列：报送月份/);
  });

  test('a blank template for each kind', async () => {
    for (const kind of ['projects', 'progress', 'stats']) {
      const t = await download(`/api/v1/import-templates/${kind}?format=csv`);
      assert.equal(t.status, 200);
      const text = t.body.toString('utf8');
      assert.match(text, /单位：万元/);
    }
    assert.equal((await download('/api/v1/import-templates/nope')).status, 404);
  });
});

describe('the annual work plan ledger (items)', () => {
  const csvOf = (rows) => ['京沈对口合作2026年工作计划', '事项编号,计划年度,对口合作关系,领域,事项名称,牵头单位,配合单位,完成时限,完成进度（%）,进展情况', ...rows].join('\r\n');
  let units;
  before(async () => { units = (await srv.get('/api/v1/units?pairing=bj-sy')).json.items.filter((u) => u.side === 'partner'); });

  test('the 2018 plan exported as .xlsx imports back unchanged; status and warnings ride along', async () => {
    const x = await download('/api/v1/exports/items?pairing=bj-sy&year=2018&format=xlsx');
    assert.equal(x.status, 200);
    const r = await upload(x.body, 'plan.xlsx', { kind: 'items' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.rows, 54);
    assert.equal(r.json.unchanged, 54, r.text);
    const csv = await download('/api/v1/exports/items?pairing=bj-sy&year=2018&as_of=2018-06-30&format=csv');
    const text = csv.body.toString('utf8');
    assert.match(text, /事项编号,计划年度,对口合作关系,领域,事项名称/);
    assert.match(text, /滞后/);
    assertMissing(await download('/api/v1/exports/items?pairing=bj-sy&format=csv'), 400);
  });

  test('a new year\'s plan from an office ledger: plan and domains made, units by name, full-width percent; twice changes nothing', async () => {
    const [a, b, c] = units;
    const body = csvOf([
      `JS2026-01,2026,bj-sy,产业合作,推进冰雪装备合作,${a.name},${b.name}、${c.name},2026-12-31,６０％,已完成考察`,
      `JS2026-02,2026,bj-sy,人才互助,互派干部挂职,${b.name},,2026-09-30,,`,
      '合计,,,,,,,,,',
    ]);
    const dry = await upload(Buffer.from(body), 'plan2026.csv', { kind: 'items', dry_run: 'true' });
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.json.added, 2, dry.text);
    assert.equal((await srv.get('/api/v1/work-plans?pairing=bj-sy&year=2026')).json.total, 0, 'a dry run writes nothing');
    const r = await upload(Buffer.from(body), 'plan2026.csv', { kind: 'items' });
    assert.equal(r.json.added, 2, r.text);
    const wp = (await srv.get('/api/v1/work-plans?pairing=bj-sy&year=2026')).json.items[0];
    const items = (await srv.get(`/api/v1/work-items?work_plan_id=${wp.id}`)).json.items;
    const first = items.find((x) => x.code === 'JS2026-01');
    assert.equal(first.percent, 60);
    assert.equal(first.lead_unit_id, a.id);
    assert.deepEqual(first.co_unit_ids, [b.id, c.id].sort((x, y) => x - y));
    assert.equal(first.domain, '产业合作');
    // columns the sheet lacks are left alone
    assert.equal((await srv.patch(`/api/v1/work-items/${first.id}`, { content: '工作内容由系统维护' })).status, 200);
    const again = await upload(Buffer.from(body), 'plan2026.csv', { kind: 'items' });
    assert.equal(again.json.unchanged, 2, again.text);
    assert.equal((await srv.get(`/api/v1/work-items/${first.id}`)).json.content, '工作内容由系统维护');
    // a unit imports the progress of the item it leads
    const login = `ledger-unit-${process.pid}`;
    assert.equal((await srv.post('/api/v1/users', { login, password: 'a-long-password-1', role: 'unit', pairing: 'bj-sy', unit_id: a.id })).status, 201);
    const unitToken = await newToken(srv.dbPath, login, 'ledger');
    const unitSheet = csvOf([`JS2026-01,2026,bj-sy,产业合作,推进冰雪装备合作,${a.name},${b.name}、${c.name},2026-12-31,70,已签约`]);
    const byUnit = await upload(Buffer.from(unitSheet), 'unit.csv', { kind: 'items' }, unitToken);
    assert.equal(byUnit.status, 201, byUnit.text);
    assert.equal(byUnit.json.changed, 1);
    assert.equal((await srv.get(`/api/v1/work-items/${first.id}`)).json.percent, 70);
    const moved = await upload(Buffer.from(csvOf([`JS2026-01,2026,bj-sy,产业合作,推进冰雪装备合作,${a.name},${b.name},2026-12-31,80,签约`])), 'p.csv', { kind: 'items' });
    assert.equal(moved.json.changed, 1, moved.text);
    const now = (await srv.get(`/api/v1/work-items/${first.id}`)).json;
    assert.equal(now.percent, 80);
    assert.deepEqual(now.co_unit_ids, [b.id]);
  });

  test('bad rows name their column; nothing is written', async () => {
    const before = await auditCount();
    const r = await upload(Buffer.from(csvOf([
      'JS2026-09,2026,bj-sy,产业合作,事项,没有这个单位,,2026-12-31,,',
      `JS2026-10,2026,bj-sy,产业合作,事项,${units[0].name},,2026-12-31,120,x`,
      `JS2026-11,2026,bj-sy,产业合作,事项,${units[0].name},,2026-12-31,50,`,
    ])), 'bad.csv', { kind: 'items' });
    assert.equal(r.status, 422, r.text.slice(0, 300));
    const probs = r.json.error.problems.map((p) => [p.row, p.field, p.header]);
    assert.deepEqual(probs, [[3, 'lead_unit', '牵头单位'], [4, 'percent', '完成进度（%）'], [5, 'note', '进展情况']], r.text.slice(0, 600));
    assert.equal(await auditCount(), before);
  });
});

function assertMissing(r, status) {
  assert.equal(r.status, status, r.body.toString());
}

describe('large uploads', () => {
  test('an upload from nobody is refused before its body is read; a forged token too', async () => {
    const body = Buffer.alloc(20 << 20, 0x41);
    const headers = { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(body.length) };
    const anon = await rawRequest(srv.port, 'POST', '/api/v1/imports', body, headers);
    assert.equal(anon.status, 401, anon.text);
    const forged = await rawRequest(srv.port, 'POST', '/api/v1/imports', body, { ...headers, Authorization: `Bearer ${'x'.repeat(43)}` });
    assert.equal(forged.status, 401, forged.text);
    assert.equal((await srv.get('/healthz')).status, 200);
  });
});
