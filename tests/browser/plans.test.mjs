// plans.test.mjs — the console's work-plan, cooperation, search and ledger pages in a real
// headless Chromium against a real `duikou serve` on the demo database: the 京沈 2018 plan
// board as of 2018-06-30 (54 items in 5 domains, the API's counts), a unit reporting an item's
// progress, an office escalating it, a meeting's attendees and decisions with their items, a
// new meeting refused at its field then saved, a Traditional-Chinese search whose hit opens
// its record, an import checked (a bad file: its problems, nothing written) then applied, and
// the menus and export buttons a viewer does not get; every page without console errors,
// requests beyond the server, or horizontal scroll at 1366×768.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN_PASSWORD, assertStatus, startServer } from '../api/harness.mjs';
import { choose, launchBrowser, signIn } from './browser.mjs';

let srv;
let b;
before(async () => {
  srv = await startServer({ demo: true, name: 'plans' });
  b = await launchBrowser();
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

async function pageAs(login, password) {
  const page = await b.page(srv.base);
  await signIn(page, login, password);
  return page;
}
const noHorizontalScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
const rows = (page, table) => page.locator(`[data-test=${table}] .el-table__body-wrapper tbody .el-table__row`);

describe('work plans', () => {
  test('the 2018 board as of 2018-06-30: 54 items in 5 domains, the API\'s counts; a domain narrows the list', async () => {
    const api = await srv.get('/api/v1/reports/plan?pairing=bj-sy&year=2018&as_of=2018-06-30');
    assertStatus(api, 200);
    assert.equal(api.json.totals.items, 54);
    assert.equal(api.json.domains.length, 5);
    const page = await pageAs('admin', ADMIN_PASSWORD);
    await page.click('[data-test=nav-plans]');
    await page.click('[data-test=nav-work-plans]');
    const plans = await srv.get('/api/v1/work-plans?pairing=bj-sy');
    const latest = Math.max(...plans.json.items.map((p) => p.year));
    await page.waitForURL(new RegExp(`year=${latest}`)); // without a year: the latest plan
    await page.goto(srv.base + '/work-plans?pairing=bj-sy&year=2018&as_of=2018-06-30');
    await page.locator('[data-test=wp-items]', { hasText: '54' }).waitFor();
    assert.equal(await page.textContent('[data-test=wp-domains]'), '5');
    for (const s of ['not_started', 'in_progress', 'done', 'behind', 'overdue']) {
      assert.equal(await page.textContent(`[data-test=wp-${s}]`), String(api.json.totals[s]), s);
    }
    assert.equal(await rows(page, 'wp-by-domain').count(), 5);
    const domainRows = await rows(page, 'wp-by-domain').allTextContents();
    api.json.domains.forEach((d, i) => assert.ok(domainRows[i].startsWith(`${d.name}${d.items}${d.not_started}${d.in_progress}${d.done}${d.behind}`), domainRows[i]));
    await page.locator('[data-test=wp-item-count]', { hasText: '54' }).waitFor();
    assert.equal(await rows(page, 'wp-item-table').count(), 54);
    // the item list carries the status tags in their colours: as many 滞后 (red) as the report counts
    assert.equal(await page.locator('[data-test=wp-item-table] .el-tag--danger', { hasText: '滞后' }).count(), api.json.totals.behind);
    // a click on a domain narrows the list to its items
    const second = api.json.domains[1];
    await rows(page, 'wp-by-domain').nth(1).click();
    await page.locator('[data-test=wp-item-count]', { hasText: String(second.items) }).waitFor();
    assert.equal(await rows(page, 'wp-item-table').count(), second.items);
    assert.ok((await rows(page, 'wp-item-table').allTextContents()).every((r) => r.includes(second.name)));
    // the items' export: the plan's ledger as xlsx
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=wp-export]')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    assert.ok(await noHorizontalScroll(page), 'no horizontal scroll at 1366×768');
    b.check(page);
    await page.context().close();
  });

  let item;
  test('a unit account reports an item\'s progress; it appears in the item\'s timeline and on its to-do page', async () => {
    const list = await srv.get('/api/v1/work-items?pairing=bj-sy&limit=500');
    item = list.json.items.find((x) => x.percent < 85 && x.lead_unit_id && x.escalation === 'none' && !x.carried_to_id);
    assert.ok(item, 'an unfinished item (not carried over) with a lead unit');
    const unit = await srv.get(`/api/v1/units/${item.lead_unit_id}`);
    const u = await srv.post('/api/v1/users', { login: 'plan-unit', name: '牵头单位测试', role: 'unit', pairing: 'bj-sy', side: unit.json.side, unit_id: item.lead_unit_id, password: 'unit-password-1' });
    assertStatus(u, 201);
    const page = await pageAs('plan-unit', 'unit-password-1');
    await page.goto(`${srv.base}/work-items/${item.id}`);
    await page.locator('[data-test=item-title]', { hasText: item.title }).waitFor();
    assert.equal(await page.locator('[data-test=open-escalate]').count(), 0, 'a unit does not escalate');
    assert.equal(await page.locator('[data-test=open-carry]').count(), 0, 'a unit does not carry over');
    await page.click('[data-test=open-update]');
    const dlg = page.locator('.el-dialog', { hasText: '报送进展' });
    await dlg.waitFor();
    await dlg.locator('[data-test=field-percent] input').fill('85');
    const date = dlg.locator('[data-test=field-update_date] input');
    await date.fill('2026-11-10');
    await date.press('Enter');
    await dlg.locator('textarea[name=note]').fill('浏览器报送：设备已进场');
    await page.click('[data-test=update-save]');
    await page.locator('[data-test=item-timeline]', { hasText: '浏览器报送：设备已进场' }).waitFor();
    await page.locator('[data-test=item-percent]', { hasText: '85%' }).waitFor();
    const ups = await srv.get(`/api/v1/work-items/${item.id}/updates`);
    const mine = ups.json.items.find((x) => x.note === '浏览器报送：设备已进场');
    assert.ok(mine, 'the update is stored');
    assert.equal(mine.percent, 85);
    assert.equal(mine.update_date, '2026-11-10');
    // the unit's own to-do page needs no unit chosen
    await page.goto(srv.base + '/todo');
    await page.locator('[data-test=todo-overdue]').waitFor();
    assert.equal(await page.locator('[data-test=todo-unit]').count(), 0);
    b.check(page);
    await page.context().close();
  });

  test('an office escalates the item to 约谈; the level shows on the item and in its timeline', async () => {
    assert.ok(item, 'the item from the test before');
    const o = await srv.post('/api/v1/users', { login: 'plan-office', name: '合作办测试', role: 'office', pairing: 'bj-sy', side: 'host', password: 'office-password-1' });
    assertStatus(o, 201);
    const page = await pageAs('plan-office', 'office-password-1');
    await page.goto(`${srv.base}/work-items/${item.id}`);
    await page.click('[data-test=open-escalate]');
    const dlg = page.locator('.el-dialog', { hasText: '提级督办' });
    await dlg.waitFor();
    await dlg.locator('[data-test=level-talk]').click();
    await dlg.locator('textarea[name=reason]').fill('进度滞后，约谈牵头单位');
    await page.click('[data-test=escalate-save]');
    await page.locator('[data-test=item-escalation]', { hasText: '约谈' }).waitFor();
    await page.locator('[data-test=item-timeline]', { hasText: '进度滞后，约谈牵头单位' }).waitFor();
    const r = await srv.get(`/api/v1/work-items/${item.id}`);
    assert.equal(r.json.escalation, 'talk');
    b.check(page);
    await page.context().close();
  });
});

describe('implementation plan', () => {
  test('areas, key tasks with their 2018 coverage, indicators with their progress', async () => {
    const k = await srv.get('/api/v1/reports/key-tasks?pairing=bj-sy&year=2018');
    const ind = await srv.get('/api/v1/reports/indicators?pairing=bj-sy');
    const page = await pageAs('admin', ADMIN_PASSWORD);
    await page.goto(srv.base + '/impl-plan');
    await choose(page, '[data-test=ip-year]', '2018');
    await page.locator('[data-test=ip-coverage]', { hasText: `${k.json.covered}/${k.json.task_count}` }).waitFor();
    assert.equal(await page.locator('[data-test=ip-task-items]').count(), k.json.task_count);
    assert.equal(await page.locator('[data-test=ip-indicators] .el-table__row').count(), ind.json.indicators.length);
    await page.locator('[data-test=ip-indicators]', { hasText: ind.json.indicators[0].name }).waitFor();
    assert.ok(await noHorizontalScroll(page), 'no horizontal scroll at 1366×768');
    b.check(page);
    await page.context().close();
  });
});

describe('cooperation', () => {
  test('a meeting page lists 蔡奇 among the attendees and the decisions with their items', async () => {
    const page = await pageAs('admin', ADMIN_PASSWORD);
    await page.goto(srv.base + '/meetings');
    await page.locator('[data-test=meetings-table] .meeting-link', { hasText: '京沈对口合作高层座谈' }).click();
    await page.locator('[data-test=meeting-title]', { hasText: '京沈对口合作高层座谈' }).waitFor();
    await page.locator('[data-test=meeting-attendees]', { hasText: '蔡奇' }).waitFor();
    const id = page.url().split('/').pop();
    const m = await srv.get(`/api/v1/meetings/${id}`);
    assert.ok(m.json.decisions.length >= 1);
    const text = await page.textContent('[data-test=meeting-decisions]');
    for (const d of m.json.decisions) {
      assert.ok(text.includes(d.text), d.text);
      for (const w of d.work_items) assert.ok(text.includes(`${w.code} ${w.title}`), w.code);
    }
    const first = m.json.decisions[0].work_items[0];
    await page.locator('[data-test=meeting-decisions] a', { hasText: first.code }).click();
    await page.locator('[data-test=item-title]', { hasText: first.title }).waitFor();
    b.check(page);
    await page.context().close();
  });

  test('the signing ceremony lists its projects and their total', async () => {
    const list = await srv.get('/api/v1/meetings?limit=100');
    const signing = list.json.items.find((x) => x.project_ids.length);
    assert.ok(signing, 'a meeting with signed projects');
    const page = await pageAs('admin', ADMIN_PASSWORD);
    await page.goto(`${srv.base}/meetings/${signing.id}`);
    await page.locator('[data-test=meeting-projects] .el-table__row').first().waitFor();
    assert.equal(await page.locator('[data-test=meeting-projects] .el-table__row').count(), signing.project_ids.length);
    assert.match(await page.textContent('[data-test=meeting-signed]'), new RegExp(`^${signing.signed_count} · `));
    b.check(page);
    await page.context().close();
  });

  test('a new meeting: the API\'s refusal at its field, then saved with its attendees', async () => {
    const page = await pageAs('admin', ADMIN_PASSWORD);
    await page.goto(srv.base + '/meetings');
    await page.click('[data-test=new-meeting]');
    const dlg = page.locator('.el-dialog', { hasText: '新建会议活动' });
    await dlg.waitFor();
    await choose(page, '[data-test=in-pairing]', '京沈');
    await choose(page, '[data-test=in-kind]', '座谈');
    const date = dlg.locator('[data-test=field-meeting_date] input');
    await date.fill('2026-11-11');
    await date.press('Enter');
    await page.click('[data-test=record-save]');
    await dlg.locator('[data-test=field-title] .el-form-item__error').waitFor();
    await dlg.locator('input[name=title]').fill('浏览器测试座谈会');
    await page.click('[data-test=add-attendee]');
    await dlg.locator('input[name=att-name-0]').fill('测试人员');
    await dlg.locator('textarea[name=decisions]').fill('第一项议定\n第二项议定');
    await page.click('[data-test=record-save]');
    await page.locator('[data-test=meeting-title]', { hasText: '浏览器测试座谈会' }).waitFor();
    await page.locator('[data-test=meeting-attendees]', { hasText: '测试人员' }).waitFor();
    const id = page.url().split('/').pop();
    const m = await srv.get(`/api/v1/meetings/${id}`);
    assert.equal(m.json.kind, 'forum');
    assert.deepEqual(m.json.decisions.map((d) => d.text), ['第一项议定', '第二项议定']);
    b.check(page);
    await page.context().close();
  });

  test('exchanges with their counts, platforms with their totals, products', async () => {
    const page = await pageAs('admin', ADMIN_PASSWORD);
    await page.goto(srv.base + '/exchanges');
    const ex = await srv.get('/api/v1/exchanges?limit=1000');
    await page.locator('[data-test=exchanges-table] .el-table__row').first().waitFor();
    assert.equal(await page.locator('[data-test=exchanges-table] .el-table__row').count(), ex.json.total);
    await page.locator('[data-test=exchange-counts]').first().waitFor();
    const pl = await srv.get('/api/v1/platforms?limit=100');
    const top = pl.json.items[0];
    await page.goto(srv.base + '/platforms');
    await page.locator('[data-test=platforms-table] a', { hasText: top.name }).click();
    await page.locator('[data-test=platform-title]', { hasText: top.name }).waitFor();
    assert.equal(await page.textContent('[data-test=platform-projects]'), String(top.project_count));
    // an edit sends what changed, with If-Match
    await page.click('[data-test=edit-platform]');
    const dlg = page.locator('.el-dialog', { hasText: '平台名称' });
    await dlg.locator('textarea[name=note]').fill('浏览器修改的备注');
    await page.click('[data-test=record-save]');
    await page.locator('[data-test=platform-fields]', { hasText: '浏览器修改的备注' }).waitFor();
    const after = await srv.get(`/api/v1/platforms/${top.id}`);
    assert.equal(after.json.note, '浏览器修改的备注');
    assert.equal(after.json.name, top.name);
    await page.goto(srv.base + '/products');
    const pr = await srv.get('/api/v1/market-products?limit=1000');
    await page.locator('[data-test=products-table] .el-table__row').first().waitFor();
    assert.equal(await page.locator('[data-test=products-table] .el-table__row').count(), pr.json.total);
    assert.ok(await noHorizontalScroll(page), 'no horizontal scroll at 1366×768');
    b.check(page);
    await page.context().close();
  });
});

describe('search', () => {
  test('沈陽 (Traditional) finds Simplified records grouped by kind; a click opens the record', async () => {
    const api = await srv.get(`/api/v1/search?q=${encodeURIComponent('沈陽')}`);
    assertStatus(api, 200);
    assert.ok(api.json.count > 0);
    const page = await pageAs('admin', ADMIN_PASSWORD);
    await page.fill('[data-test=search] input', '沈陽');
    await page.press('[data-test=search] input', 'Enter');
    await page.locator('[data-test=search-results] [data-test=search-hit]').first().waitFor();
    for (const g of api.json.groups) assert.equal(await page.locator(`[data-test=search-group-${g.kind}] [data-test=search-hit]`).count(), g.items.length, g.kind);
    assert.match(await page.locator('[data-test=search-results] mark').first().textContent(), /沈阳|沈陽/);
    const meetingHit = api.json.groups.find((g) => g.kind === 'exchange')?.items[0];
    assert.ok(meetingHit, 'an exchange among the hits');
    await page.locator('[data-test=search-group-exchange] [data-test=search-hit]').first().click();
    await page.waitForURL(new RegExp(`/exchanges\\?id=${meetingHit.id}$`));
    await page.locator('[data-test=exchanges-table] .focus-row').waitFor();
    const update = api.json.groups.find((g) => g.kind === 'item_update')?.items[0];
    if (update) {
      await page.fill('[data-test=search] input', '沈陽');
      await page.press('[data-test=search] input', 'Enter');
      await page.locator('[data-test=search-group-item_update] [data-test=search-hit]').first().click();
      const u = await srv.get(`/api/v1/work-item-updates/${update.id}`);
      await page.locator('[data-test=item-title]', { hasText: u.json.item_title }).waitFor();
    }
    b.check(page);
    await page.context().close();
  });
});

describe('ledgers', () => {
  const HEAD = '项目编号,项目名称,对口合作关系,投资方,投资方所在地,项目所在地,行业门类,行业大类,计划总投资（万元）,阶段,意向日期';
  const csv = (hostRegion) => Buffer.from(`${HEAD}\r\nIMP-WEB-1,浏览器导入项目,bj-sy,北京导入测试有限公司,110105,${hostRegion},C,39,1200,intention,2026-01-05\r\n`);

  test('a bad CSV: the dry run shows its problem rows and nothing is written; a good one is checked, then applied', async () => {
    const page = await pageAs('admin', ADMIN_PASSWORD);
    await page.goto(srv.base + '/imports');
    await page.locator('[data-test=template-csv]').waitFor();
    await page.setInputFiles('[data-test=import-file]', { name: 'bad.csv', mimeType: 'text/csv', buffer: csv('999999') });
    await page.click('[data-test=import-dry-run]');
    const problems = page.locator('[data-test=import-problems] .el-table__row');
    await problems.first().waitFor();
    const row = await problems.first().textContent();
    assert.match(row, /^2/, 'row 2');
    assert.ok(row.includes('999999'), 'the value');
    assert.ok(await page.locator('[data-test=import-apply]').isDisabled(), 'nothing to apply');
    let r = await srv.get('/api/v1/projects?q=IMP-WEB-1');
    assert.equal(r.json.total, 0, 'nothing written');

    await page.setInputFiles('[data-test=import-file]', { name: 'good.csv', mimeType: 'text/csv', buffer: csv('210124') });
    await page.click('[data-test=import-dry-run]');
    await page.locator('[data-test=import-added]', { hasText: '1' }).waitFor();
    r = await srv.get('/api/v1/projects?q=IMP-WEB-1');
    assert.equal(r.json.total, 0, 'a dry run writes nothing');
    await page.click('[data-test=import-apply]');
    await page.locator('[data-test=import-applied]').waitFor();
    r = await srv.get('/api/v1/projects?q=IMP-WEB-1');
    assert.equal(r.json.total, 1, 'applied');
    assert.equal(r.json.items[0].planned_investment, 12000000);
    assert.ok(await noHorizontalScroll(page), 'no horizontal scroll at 1366×768');
    b.check(page);
    await page.context().close();
  });

  test('export buttons for the export right; a viewer gets neither them nor the import page', async () => {
    const admin = await pageAs('admin', ADMIN_PASSWORD);
    await admin.locator('[data-test=export-summary]').waitFor();
    await admin.click('[data-test=nav-ledger]');
    const href = await admin.locator('[data-test=export-xlsx]').getAttribute('href');
    assert.match(href, /^\/api\/v1\/exports\/projects\?/);
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.click('[data-test=export-xlsx]')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    b.check(admin);
    await admin.context().close();

    const v = await srv.post('/api/v1/users', { login: 'plan-viewer', name: '只读', role: 'viewer', password: 'viewer-password-1' });
    assertStatus(v, 201);
    const page = await pageAs('plan-viewer', 'viewer-password-1');
    assert.equal(await page.locator('[data-test=export-summary]').count(), 0);
    assert.equal(await page.locator('[data-test=nav-imports]').count(), 0);
    await page.click('[data-test=nav-ledger]');
    await page.waitForSelector('[data-test=ledger-table] .el-table__row');
    assert.equal(await page.locator('[data-test=export-xlsx]').count(), 0);
    await page.goto(srv.base + '/imports');
    await page.waitForSelector('[data-test=h-projects]'); // sent back to the dashboard
    await page.goto(srv.base + '/meetings');
    await page.locator('[data-test=meetings-table] .el-table__row').first().waitFor();
    assert.equal(await page.locator('[data-test=new-meeting]').count(), 0);
    b.check(page);
    await page.context().close();
  });
});
