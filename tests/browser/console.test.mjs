// console.test.mjs — the web console in a real headless Chromium against a real `duikou serve`
// on the demo database: sign-in, the dashboard's calibrated 京沈 2017 headline, the ledger's
// filters and pages, creating a project (a refusal shown at its field, then fixed), a stage
// change, a month's progress, the languages, a viewer without write buttons, the 1366×768
// layout; every page without console errors and without a request beyond the server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ADMIN_PASSWORD, assertStatus, startServer } from '../api/harness.mjs';
import { choose, launchBrowser, signIn } from './browser.mjs';

let srv;
let b;
before(async () => {
  srv = await startServer({ demo: true, name: 'console' });
  b = await launchBrowser();
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

async function adminPage() {
  const page = await b.page(srv.base);
  await signIn(page, 'admin', ADMIN_PASSWORD);
  return page;
}

/** Opens the stage-change dialog on a project page, dates the change and confirms it (the
 * dialog proposes the next stage forward). */
async function changeStage(page, day) {
  await page.click('[data-test=open-transition]');
  const date = page.locator('.el-dialog', { hasText: '变更为' }).locator('.el-date-editor input');
  await date.fill(day);
  await date.press('Enter');
  await page.click('[data-test=tr-save]');
}

const noHorizontalScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('sign-in', () => {
  test('a wrong password is refused with a message; the right one opens the dashboard', async () => {
    const page = await b.page(srv.base);
    await page.goto(srv.base + '/projects');
    await page.waitForURL(/\/login/);
    await page.fill('input[name=login]', 'admin');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('[data-test=login-submit]');
    await assert.doesNotReject(page.locator('[data-test=login-error]', { hasText: '账号或密码错误' }).waitFor());
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('[data-test=login-submit]');
    await page.waitForURL(/\/projects$/);
    await page.locator('[data-test=user-menu]', { hasText: '管理员' }).waitFor();
    b.check(page);
    await page.context().close();
  });
});

describe('dashboard', () => {
  test('京沈 2017: 139 projects, 1678亿元 planned, 362亿元 completed, 23.4% of introduced capital, rank 1', async () => {
    const page = await adminPage();
    await choose(page, '[data-test=dash-year]', '2017');
    await page.locator('[data-test=as-of]', { hasText: '2017-12-31' }).waitFor();
    assert.equal(await page.textContent('[data-test=h-projects]'), '139');
    assert.equal(await page.textContent('[data-test=h-planned]'), '1678亿元');
    assert.equal(await page.textContent('[data-test=h-completed]'), '362亿元');
    assert.equal(await page.textContent('[data-test=h-share]'), '23.4%');
    assert.match(await page.textContent('[data-test=h-rank]'), /第 1 位/);
    assert.equal(await page.textContent('[data-test=h-rate]'), '21.6%');
    // a chart answers the pointer: over the industry chart's top bar, 制造业 (the largest)
    const chart = page.locator('[data-test=chart-industry]');
    const hovered = page.locator('[data-test=chart-industry][data-hover="制造业"]');
    for (let i = 0; i < 40 && !(await hovered.count()); i++) { // the bars grow in: point again until one is hit
      await chart.hover({ position: { x: 10, y: 5 } });
      await chart.hover({ position: { x: 140, y: 24 + (i % 3) } });
      await hovered.waitFor({ timeout: 250 }).catch(() => {});
    }
    await hovered.waitFor();
    assert.ok(await noHorizontalScroll(page), 'no horizontal scroll at 1366×768');
    await page.screenshot({ path: `${srv.dir}/../console-dashboard.png` });
    b.check(page);
    await page.context().close();
  });
});

describe('ledger', () => {
  test('filters by pairing and stage, and pages through the result as the API does', async () => {
    const page = await adminPage();
    await page.click('[data-test=nav-ledger]');
    await page.waitForSelector('[data-test=ledger-table] .el-table__row');
    await choose(page, '[data-test=f-pairing]', '京沈');
    await choose(page, '[data-test=f-stage]', '签约');
    await page.click('[data-test=f-search]');
    const api = await srv.get('/api/v1/projects?pairing=bj-sy&stage=signed&sort=code&limit=20&offset=20');
    assertStatus(api, 200);
    assert.ok(api.json.total > 20, 'enough signed projects for two pages');
    await page.locator('[data-test=total]', { hasText: String(api.json.total) }).waitFor();
    await page.locator('.el-pager li', { hasText: /^2$/ }).click();
    await page.locator('[data-test=ledger-table] .el-table__row').first().locator('td', { hasText: api.json.items[0].code }).waitFor();
    const codes = await page.locator('[data-test=ledger-table] .el-table__row td:first-child').allTextContents();
    assert.deepEqual(codes.map((c) => c.trim()), api.json.items.map((x) => x.code));
    // the export is the whole filtered list, not the page, in the chosen columns
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export]')]);
    assert.match(download.suggestedFilename(), /^projects-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '').trimEnd().split('\r\n');
    assert.equal(csv[0], '项目编号,项目名称,投资方,阶段,计划总投资,累计完成投资,预警');
    assert.equal(csv.length, 1 + api.json.total);
    assert.ok(csv.slice(1).every((l) => l.includes(',签约,')), 'every row is a signed project');
    assert.ok(await noHorizontalScroll(page), 'no horizontal scroll at 1366×768');
    b.check(page);
    await page.context().close();
  });
});

describe('forms', () => {
  let projectUrl;
  test('create a project: the API\'s refusal is shown at its field, then fixed', async () => {
    const page = await adminPage();
    await page.click('[data-test=nav-ledger]');
    await page.click('[data-test=new-project]');
    const code = `WEB-${process.pid}`;
    await page.fill('input[name=code]', code);
    await page.fill('input[name=name]', '浏览器测试项目');
    await page.fill('input[name=investor]', '北京浏览器测试有限公司');
    await page.fill('input[name=investor_region]', '110105');
    await page.fill('input[name=host_region]', '999999');
    await page.fill('input[name=industry_section]', 'C');
    await page.fill('input[name=industry_division]', '39');
    await page.fill('input[name=planned_investment]', '5000');
    await page.fill('input[name=intention_date]', '2026-01-10');
    await page.keyboard.press('Enter');
    await page.click('[data-test=form-save]');
    const err = page.locator('[data-test=field-host_region] .el-form-item__error');
    await err.waitFor();
    assert.match(await err.textContent(), /999999|host_region|地区|region/);
    await page.fill('input[name=host_region]', '210124');
    await page.click('[data-test=form-save]');
    await page.locator('[data-test=project-title]', { hasText: '浏览器测试项目' }).waitFor();
    projectUrl = page.url();
    const id = projectUrl.split('/').pop();
    const r = await srv.get(`/api/v1/projects/${id}`);
    assertStatus(r, 200);
    assert.equal(r.json.code, code);
    assert.equal(r.json.planned_investment, 50000000);
    b.check(page);
    await page.context().close();
  });

  test('a stage change and a month\'s progress', async () => {
    assert.ok(projectUrl, 'the project from the test before');
    const id = projectUrl.split('/').pop();
    const page = await adminPage();
    await page.goto(projectUrl);
    await page.locator('[data-test=project-stage]', { hasText: '意向' }).waitFor();
    assert.ok(await noHorizontalScroll(page), 'no horizontal scroll at 1366×768');
    await changeStage(page, '2026-11-10');
    await page.locator('[data-test=project-stage]', { hasText: '签约' }).waitFor();
    await page.locator('[data-test=timeline]', { hasText: '2026-11-10' }).waitFor();
    const r = await srv.get(`/api/v1/projects/${id}`);
    assert.equal(r.json.stage, 'signed');
    assert.equal(r.json.stage_dates.signed, '2026-11-10');

    await page.click('[data-test=open-progress]');
    const pdlg = page.locator('.el-dialog', { hasText: '当月完成投资' });
    await pdlg.waitFor();
    const month = pdlg.locator('.el-date-editor input');
    await month.fill('2026-11');
    await month.press('Enter');
    await page.fill('input[name=amount]', '123.45');
    await page.click('[data-test=pg-save]');
    await page.locator('[data-test=progress-table]', { hasText: '123.45万元' }).waitFor();
    const pr = await srv.get(`/api/v1/projects/${id}/progress`);
    assert.deepEqual(pr.json.items.map((x) => [x.month, x.amount]), [['2026-11', 1234500]]);
    b.check(page);
    await page.context().close();
  });
});

describe('languages', () => {
  test('English and 繁體中文 from the user menu; every label follows', async () => {
    const page = await adminPage();
    await page.click('[data-test=user-menu]');
    await page.click('[data-test=lang-en]');
    await page.locator('[data-test=nav-dashboard]', { hasText: 'Dashboard' }).waitFor();
    await page.locator('.headline', { hasText: 'Planned investment' }).waitFor();
    await page.click('[data-test=nav-ledger]');
    await page.locator('[data-test=total]', { hasText: 'in all' }).waitFor();
    await page.click('[data-test=user-menu]');
    await page.click('[data-test=lang-zh-TW]');
    await page.locator('[data-test=nav-dashboard]', { hasText: '駕駛艙' }).waitFor();
    await page.locator('[data-test=total]', { hasText: '筆' }).waitFor();
    // the choice is remembered across a reload
    await page.reload();
    await page.locator('[data-test=nav-ledger]', { hasText: '項目庫' }).waitFor();
    b.check(page);
    await page.context().close();
  });
});

describe('roles', () => {
  test('a viewer sees no write buttons', async () => {
    const r = await srv.post('/api/v1/users', { login: 'web-viewer', name: '只读用户', role: 'viewer', password: 'viewer-password-1' });
    assertStatus(r, 201);
    const page = await b.page(srv.base);
    await signIn(page, 'web-viewer', 'viewer-password-1');
    await page.locator('[data-test=user-menu]', { hasText: '查看者' }).waitFor();
    await page.click('[data-test=nav-ledger]');
    await page.waitForSelector('[data-test=ledger-table] .el-table__row');
    assert.equal(await page.locator('[data-test=new-project]').count(), 0);
    await page.locator('[data-test=ledger-table] .project-link').first().click();
    await page.waitForSelector('[data-test=project-title]');
    await page.waitForSelector('[data-test=project-fields]');
    for (const t of ['edit-project', 'open-transition', 'open-progress', 'open-problem']) {
      assert.equal(await page.locator(`[data-test=${t}]`).count(), 0, `${t} is hidden`);
    }
    await page.click('[data-test=nav-admin]');
    await page.locator('[data-test=token-name]').waitFor();
    assert.equal(await page.locator('[data-test=new-user]').count(), 0);
    b.check(page);
    await page.context().close();
  });
});

describe('administration', () => {
  test('an account made on the admin page (a refusal at its field first); a token shown once, then revoked; sign out', async () => {
    const page = await adminPage();
    await page.click('[data-test=nav-admin]');
    await page.click('[data-test=new-user]');
    const dlg = page.locator('.el-dialog', { hasText: '新建账号' });
    await dlg.waitFor();
    await page.fill('input[name=user-login]', 'web-office');
    await page.fill('input[name=user-name]', '合作办测试');
    await choose(page, '[data-test=user-role]', '合作办');
    await choose(page, '[data-test=user-pairing]', '京沈');
    await choose(page, '[data-test=user-side]', '本地');
    await page.fill('input[name=user-password]', 'short');
    await page.click('[data-test=user-save]');
    await dlg.locator('[data-test=field-password] .el-form-item__error').waitFor();
    await page.fill('input[name=user-password]', 'office-password-1');
    await page.click('[data-test=user-save]');
    await page.locator('[data-test=users-table] .el-table__row', { hasText: 'web-office' }).waitFor();
    const users = await srv.get('/api/v1/users');
    const made = users.json.items.find((u) => u.login === 'web-office');
    assert.equal(made.role, 'office');
    assert.equal(made.side, 'host');

    await page.locator('.el-tabs__item', { hasText: '我的令牌' }).click();
    await page.fill('[data-test=token-name] input, input[data-test=token-name]', 'browser-token');
    await page.click('[data-test=token-create]');
    const shown = page.locator('[data-test=token-shown] .token');
    await shown.waitFor();
    const token = (await shown.textContent()).trim();
    const me = await srv.anon('GET', '/api/v1/auth/me', undefined, { Authorization: `Bearer ${token}` });
    assertStatus(me, 200, 'the token shown works');
    const row = page.locator('[data-test=tokens-table] .el-table__row', { hasText: 'browser-token' });
    await row.locator('[data-test=token-revoke]').click();
    await row.locator('[data-test=token-revoke]').waitFor({ state: 'detached' }); // revoked: listed, no longer revocable
    const after = await srv.anon('GET', '/api/v1/auth/me', undefined, { Authorization: `Bearer ${token}` });
    assert.equal(after.status, 401, 'the revoked token no longer works');

    await page.click('[data-test=user-menu]');
    await page.click('[data-test=sign-out]');
    await page.waitForURL(/\/login/);
    await page.goto(srv.base + '/projects');
    await page.waitForURL(/\/login/);
    b.check(page);
    await page.context().close();
  });
});

describe('approvals', () => {
  test('a unit\'s stage change waits for approval (审核中); the administrator approves it on the approvals page', async () => {
    const list = await srv.get('/api/v1/projects?pairing=bj-sy&stage=intention&sort=intention_date&limit=50');
    const project = list.json.items.find((x) => x.unit_id && x.stage_dates.intention < '2026-11-01');
    assert.ok(project, 'an intention-stage project with a responsible unit');
    const u = await srv.post('/api/v1/users', { login: 'web-unit', name: '责任单位测试', role: 'unit', pairing: 'bj-sy', side: 'host', unit_id: project.unit_id, password: 'unit-password-1' });
    assertStatus(u, 201);

    const page = await b.page(srv.base);
    await signIn(page, 'web-unit', 'unit-password-1');
    await page.goto(`${srv.base}/projects/${project.id}`);
    await changeStage(page, '2026-11-12');
    await page.locator('[data-test=notice]', { hasText: '等待审核' }).waitFor();
    await page.locator('[data-test=project-stage]', { hasText: '意向' }).waitFor();
    b.check(page);
    await page.context().close();

    const admin = await adminPage();
    await admin.click('[data-test=nav-approvals]');
    const row = admin.locator('[data-test=approvals-table] .el-table__row', { hasText: project.name });
    await row.locator('[data-test=approve]').click();
    await admin.fill('textarea[name=opinion]', '同意');
    await admin.click('[data-test=decide]');
    await row.waitFor({ state: 'detached' });
    const after = await srv.get(`/api/v1/projects/${project.id}`);
    assert.equal(after.json.stage, 'signed');
    assert.equal(after.json.stage_dates.signed, '2026-11-12');
    b.check(admin);
    await admin.context().close();
  });
});
