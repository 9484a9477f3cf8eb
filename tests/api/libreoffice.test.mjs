// libreoffice.test.mjs — the ledgers against a real client: LibreOffice (headless soffice) opens
// every exported .xlsx and converts it to CSV, and the 合计 row it computes from the cells equals
// the API's totals; a ledger LibreOffice saves (from our CSV, and our re-saved template)
// imports. LibreOffice is installed by scripts/install-deps; without it this test fails.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, tempDir } from './harness.mjs';

let srv, dir;
before(async () => {
  srv = await startServer({ name: 'lo' });
  dir = tempDir('duikou-lo-');
});
after(async () => { await srv.stop(); });

function soffice(args) {
  const profile = `file://${path.join(dir, 'profile')}`;
  return new Promise((resolve, reject) => {
    execFile('soffice', [`-env:UserInstallation=${profile}`, '--headless', ...args], { timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`soffice ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

async function download(p) {
  const r = await fetch(`${srv.base}${p}`, { headers: { Authorization: `Bearer ${srv.token}` } });
  assert.equal(r.status, 200, p);
  return Buffer.from(await r.arrayBuffer());
}

async function upload(file, name, fields = {}) {
  const form = new FormData();
  form.append('file', new Blob([file]), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const r = await fetch(`${srv.base}/api/v1/imports`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${srv.token}` } });
  const text = await r.text();
  return { status: r.status, json: JSON.parse(text), text };
}

/** RFC 4180 rows (LibreOffice quotes text cells). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** 万元 text as LibreOffice shows it ("18,858,812.00") → yuan, exactly. */
function wanToYuan(s) {
  const t = s.replace(/,/g, '');
  const [i, f = ''] = t.split('.');
  return BigInt(i) * 10000n + BigInt((f + '0000').slice(0, 4));
}

describe('LibreOffice', () => {
  test('opens every exported .xlsx; its 合计 row equals the API totals', async () => {
    const files = {
      'projects.xlsx': '/api/v1/exports/projects?pairing=bj-sy',
      'schedule.xlsx': '/api/v1/exports/schedule?pairing=bj-sy&month=2026-10',
      'summary.xlsx': '/api/v1/exports/summary?pairing=bj-sy&year=2017',
      'template-projects.xlsx': '/api/v1/import-templates/projects',
      'template-progress.xlsx': '/api/v1/import-templates/progress',
      'template-stats.xlsx': '/api/v1/import-templates/stats',
    };
    for (const [name, p] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), await download(p));
    await soffice(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', path.join(dir, 'csv'),
      ...Object.keys(files).map((f) => path.join(dir, f))]);
    const read = (f) => parseCsv(fs.readFileSync(path.join(dir, 'csv', f.replace('.xlsx', '.csv')), 'utf8'));

    const ledger = read('projects.xlsx');
    assert.equal(ledger[0][0], '重大项目推进库台账');
    assert.equal(ledger[1][0], '单位：万元');
    const header = ledger[2];
    const total = ledger.find((r) => r[0] === '合计');
    assert.ok(total, 'a 合计 row');
    const items = (await srv.get('/api/v1/projects?pairing=bj-sy&limit=500')).json.items;
    assert.equal(ledger.length - 4, items.length, 'one row per project');
    for (const [col, field] of [['计划总投资（万元）', 'planned_investment'], ['年度计划投资（万元）', 'annual_plan']]) {
      const sum = items.reduce((a, p) => a + BigInt(p[field] || 0), 0n);
      // the cell shows two decimals, as the API's 万元 text does; compare at that rounding
      const shown = wanToYuan(total[header.indexOf(col)]);
      assert.ok(sum - shown < 50n && shown - sum <= 50n, `${col}: LibreOffice ${shown} vs API ${sum}`);
    }

    const sched = read('schedule.xlsx');
    const sh = sched[2];
    const st = sched.find((r) => r[0] === '合计');
    let month = 0n;
    for (const p of items) {
      const reports = (await srv.get(`/api/v1/projects/${p.id}/progress`)).json;
      const list = Array.isArray(reports) ? reports : reports.items;
      for (const r of list) if (r.month === '2026-10') month += BigInt(r.amount);
    }
    const shownMonth = wanToYuan(st[sh.indexOf('本月完成投资')]);
    assert.ok(month - shownMonth < 50n && shownMonth - month <= 50n, `本月完成投资: LibreOffice ${shownMonth} vs API ${month}`);

    // the summary's first sheet (按阶段): its 合计 is the report's headline
    const summary = read('summary.xlsx');
    const head = (await srv.get('/api/v1/reports/summary?pairing=bj-sy&year=2017')).json.headline;
    const sumTotal = summary.find((r) => r[0] === '合计');
    assert.equal(Number(sumTotal[2]), head.projects);
    assert.equal(wanToYuan(sumTotal[3]), BigInt(head.planned_investment));
    assert.equal(wanToYuan(sumTotal[4]), BigInt(head.completed_investment));

    for (const k of ['projects', 'progress', 'stats']) {
      const t = read(`template-${k}.xlsx`);
      assert.equal(t[1][0], '单位：万元');
      assert.ok(t[2].length >= 4, `${k} template has its header`);
    }
  });

  test('a ledger LibreOffice saves as .xlsx (from our CSV) imports; our template re-saved imports', async () => {
    const csvFile = path.join(dir, 'ledger.csv');
    fs.writeFileSync(csvFile, await download('/api/v1/exports/projects?pairing=bj-sy&format=csv'));
    fs.writeFileSync(path.join(dir, 'template.xlsx'), await download('/api/v1/import-templates/projects'));
    await soffice(['--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', path.join(dir, 'lo'), csvFile]);
    await soffice(['--convert-to', 'xlsx', '--outdir', path.join(dir, 'lo'), path.join(dir, 'template.xlsx')]);
    const made = fs.readFileSync(path.join(dir, 'lo', 'ledger.xlsx'));
    const r = await upload(made, 'ledger.xlsx', { dry_run: 'true' });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.unchanged > 0);
    assert.equal(r.json.added + r.json.changed, 0, r.text);
    const t = await upload(fs.readFileSync(path.join(dir, 'lo', 'template.xlsx')), 'template.xlsx', { dry_run: 'true' });
    assert.equal(t.status, 200, t.text);
    assert.equal(t.json.rows, 0);
    assert.equal(t.json.header_row, 3);
  });
});
