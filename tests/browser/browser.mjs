// browser.mjs — a headless Chromium (Debian's `chromium` package) driven by playwright-core,
// for the console tests. Every page it opens records console errors, page errors, failed
// API answers (5xx) and any request that leaves the server's own origin; check(page) asserts
// there were none.
//
//   const b = await launchBrowser();
//   const page = await b.page(srv.base);            // a fresh context: no cookies
//   ...; b.check(page); await b.close();
//
// Environment: DUIKOU_CHROMIUM (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chromium } from 'playwright-core';

export const VIEWPORT = { width: 1366, height: 768 };

/** The browser refuses an API request with 4xx on purpose (wrong password, a validation
 * error): Chromium notes each such answer on the console; those notes are expected. */
const EXPECTED_NOTE = /^Failed to load resource: the server responded with a status of 4\d\d/;

export async function launchBrowser() {
  const executablePath = process.env.DUIKOU_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`${executablePath} is missing: install Debian's chromium (scripts/install-deps)`);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--disable-extensions',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--metrics-recording-only'],
  });
  const problems = new WeakMap();
  return {
    browser,
    /** A new page in its own context (own cookies) at base's origin, watched for problems. */
    async page(base, { viewport = VIEWPORT, locale = 'zh-CN' } = {}) {
      const ctx = await browser.newContext({ viewport, locale, acceptDownloads: true });
      ctx.setDefaultTimeout(30_000);
      const page = await ctx.newPage();
      const origin = new URL(base).origin;
      const list = [];
      problems.set(page, list);
      page.on('console', (m) => {
        if (m.type() === 'error' && !EXPECTED_NOTE.test(m.text())) list.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => list.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith(origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:')) list.push(`request outside the server's origin: ${u}`);
      });
      page.on('response', (r) => { if (r.status() >= 500) list.push(`server error ${r.status()} for ${r.url()}`); });
      page.base = base;
      return page;
    },
    /** Asserts the page saw no console errors, page errors, 5xx answers or foreign requests. */
    check(page) {
      assert.deepEqual(problems.get(page) || [], [], 'the page had problems');
    },
    async close() { await browser.close(); },
  };
}

/** Signs in through the login page and waits for the dashboard's headline. */
export async function signIn(page, login, password) {
  await page.goto(page.base + '/login');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await page.click('[data-test=login-submit]');
  await page.waitForSelector('[data-test=h-projects]');
}

/** Chooses option text in the Element Plus select that holds selector. */
export async function choose(page, selector, text) {
  await page.click(`${selector} .el-select__wrapper`);
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first().click();
}
