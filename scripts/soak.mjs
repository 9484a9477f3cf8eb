#!/usr/bin/env node
// soak.mjs — a long mixed load on one `duikou serve`, watching that nothing is lost: the
// server's resident memory (RSS) and open file descriptors are sampled every few seconds into a
// CSV, and at the end the last third of the run is compared with the first third (after a
// warm-up); every request is counted, and any 5xx, refused connection or unexpected answer fails
// the run. Called by scripts/soak (which builds the Release binary first); see docs/operations.md.
//
//   node scripts/soak.mjs --bin build/release/duikou [--minutes 30 | --seconds N] [--out DIR]
//                         [--workers 8] [--sample 5] [--import-every 20] [--smoke]
//
// The load, from --workers concurrent clients with keep-alive, each request picked by weight:
//   reads     the project list (random pairing, filters, sort and page), one project, the
//             summary report, the problem list, the work-plan report
//   searches  GET /api/v1/search with Chinese, Traditional, code-prefix and two-word queries
//   writes    a month's progress report (this month, a signed project) and a project edit
//             (GET for the ETag, PATCH with If-Match: a 412 after a concurrent edit is expected)
// and, every --import-every seconds, one ledger import: a generated progress .csv, or the
// project ledger exported as .xlsx and imported back — each as a dry run, then for real.
// Pass/fail: no 5xx, no failed request, no answer other than the expected ones; the server
// exits 0 on SIGTERM and `duikou audit verify` passes afterwards; and (not with --smoke, which
// is too short to judge) RSS and descriptors are flat: the median RSS of the last third of the
// samples after warm-up is at most 10 % + 8 MiB above the first third's, and the most open
// descriptors in the last third at most 4 above the first third's.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const RSS_TOLERANCE = 0.10;          // relative growth allowed, last third vs first third (median)
const RSS_SLACK_KB = 8 * 1024;       // plus this much, for allocator noise on a small heap
const FD_SLACK = 4;                  // open descriptors: the last third's most vs the first third's

function parseArgs(argv) {
  const o = { bin: null, seconds: 30 * 60, out: null, workers: 8, sample: 5, importEvery: 20, smoke: false };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--bin') o.bin = next();
    else if (a === '--minutes') o.seconds = Math.round(Number(next()) * 60);
    else if (a === '--seconds') o.seconds = Number(next());
    else if (a === '--out') o.out = next();
    else if (a === '--workers') o.workers = Number(next());
    else if (a === '--sample') o.sample = Number(next());
    else if (a === '--import-every') o.importEvery = Number(next());
    else if (a === '--smoke') o.smoke = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.bin) throw new Error('--bin PATH (the duikou binary) is required');
  for (const k of ['seconds', 'workers', 'sample', 'importEvery'])
    if (!(o[k] > 0)) throw new Error(`--${k} must be a positive number`);
  return o;
}

const opts = parseArgs(process.argv);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const chance = (p) => Math.random() < p;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// --- the scratch database and the server -------------------------------------------------
const out = opts.out || fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-soak-'));
fs.mkdirSync(out, { recursive: true });
const dbPath = path.join(out, 'soak.db');
for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) fs.rmSync(f, { force: true });
const env = { ...process.env, DUIKOU_ADMIN_PASSWORD: 'soak-admin-password' };
const run = (...args) => execFileSync(opts.bin, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
run('init', '--demo', '--db', dbPath);
const token = run('token', 'add', 'admin', 'soak', '--db', dbPath).trim();
const port = await freePort();
const logPath = path.join(out, 'server.log');
const log = fs.openSync(logPath, 'w');
const server = spawn(opts.bin, ['serve', '--db', dbPath, '--listen', `127.0.0.1:${port}`, '--threads', '4'], {
  env, stdio: ['ignore', log, log],
});
const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
let gone = null; // how the server ended, if it did before the run was over
exited.then((x) => { gone = x; });
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    const r = await fetch(`${base}/healthz`);
    await r.arrayBuffer();
    if (r.ok) break;
  } catch { /* not yet listening */ }
  if (i > 600) throw new Error(`duikou serve did not answer within 60 s; see ${logPath}`);
  await sleep(100);
}

// --- requests and their tally -------------------------------------------------------------
const tally = new Map(); // op → { n, ms: [], statuses: Map }
const failures = [];     // what fails the run (at most 50 kept)
let total = 0;
let fivexx = 0;

/* A request that failed (the first 50 are kept); the verdict's own findings are pushed as they are. */
function fail(msg) {
  if (failures.length < 50) failures.push(msg);
  else if (failures.length === 50) failures.push('… (more)');
}

function note(op, status, ms) {
  total++;
  let t = tally.get(op);
  if (!t) tally.set(op, (t = { n: 0, ms: [], statuses: new Map() }));
  t.n++;
  if (t.ms.length < 200_000) t.ms.push(ms);
  t.statuses.set(status, (t.statuses.get(status) || 0) + 1);
  if (status >= 500) fivexx++;
}

async function call(op, method, p, { body, headers = {}, expected = [200] } = {}) {
  const h = { Authorization: `Bearer ${token}`, ...headers };
  let payload = body;
  if (body !== undefined && !(body instanceof FormData) && typeof body !== 'string') {
    payload = JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  }
  const t0 = performance.now();
  let res;
  try {
    res = await fetch(base + p, { method, headers: h, body: payload, signal: AbortSignal.timeout(120_000) });
  } catch (e) {
    note(op, 0, performance.now() - t0);
    fail(`${op}: ${method} ${p}: no answer: ${e.cause?.code || e.message}`);
    return { status: 0, json: null, buf: null, headers: new Headers() };
  }
  const buf = Buffer.from(await res.arrayBuffer());
  note(op, res.status, performance.now() - t0);
  if (!expected.includes(res.status)) fail(`${op}: ${method} ${p} → ${res.status} ${buf.toString('utf8').slice(0, 300)}`);
  let json = null;
  if ((res.headers.get('content-type') || '').startsWith('application/json')) {
    try { json = JSON.parse(buf.toString('utf8')); } catch { fail(`${op}: ${method} ${p}: a body that is not JSON`); }
  }
  return { status: res.status, json, buf, headers: res.headers };
}

// --- what the load works on ---------------------------------------------------------------
const pairings = (await call('setup', 'GET', '/api/v1/pairings')).json.items.map((p) => p.code);
const projects = [];
for (let offset = 0; ; offset += 500) {
  const r = await call('setup', 'GET', `/api/v1/projects?limit=500&offset=${offset}`);
  projects.push(...r.json.items);
  if (r.json.items.length < 500) break;
}
const signed = projects.filter((p) => ['signed', 'landed', 'production'].includes(p.stage));
if (!signed.length) throw new Error('the demo data has no signed project to report progress on');
const now = new Date(Date.now() + 8 * 3600_000); // China Standard Time, as duikou counts days
const thisMonth = now.toISOString().slice(0, 7);
const SEARCHES = ['沈阳', '沈陽', '京东', '京東', '机器人', '产业园 沈阳', 'JS2017*', '"电商物流"', 'ＡＢＣ', '乳制品', '储能'];
const STAGES = ['intention', 'signed', 'landed', 'production'];
const SORTS = ['code', '-planned_investment', 'name', '-updated_at', 'stage'];

// --- one request of the mix ---------------------------------------------------------------
async function once() {
  const r = Math.random();
  if (r < 0.22) {
    const q = [`pairing=${pick(pairings)}`, `limit=${pick([10, 50, 200])}`, `offset=${pick([0, 0, 20, 100])}`];
    if (chance(0.4)) q.push(`stage=${pick(STAGES)}`);
    if (chance(0.3)) q.push(`colour=${pick(['green', 'yellow', 'red'])}`);
    if (chance(0.5)) q.push(`sort=${pick(SORTS)}`);
    return call('list projects', 'GET', `/api/v1/projects?${q.join('&')}`);
  }
  if (r < 0.36) return call('one project', 'GET', `/api/v1/projects/${pick(projects).id}`);
  if (r < 0.44) return call('summary report', 'GET', `/api/v1/reports/summary?pairing=${pick(pairings)}&year=${pick([2017, 2018])}`);
  if (r < 0.49) return call('problems', 'GET', `/api/v1/problems?pairing=${pick(pairings)}`);
  if (r < 0.53) return call('plan report', 'GET', '/api/v1/reports/plan?pairing=bj-sy&year=2018');
  if (r < 0.70) return call('search', 'GET', `/api/v1/search?q=${encodeURIComponent(pick(SEARCHES))}`);
  if (r < 0.85) {
    const p = pick(signed);
    return call('progress report', 'POST', `/api/v1/projects/${p.id}/progress`, {
      body: { month: thisMonth, amount: `${1 + Math.floor(Math.random() * 900)}万元`, note: 'soak' },
      expected: [200, 201],
    });
  }
  const p = pick(projects);
  const g = await call('project edit (read)', 'GET', `/api/v1/projects/${p.id}`);
  if (g.status !== 200) return g;
  return call('project edit', 'PATCH', `/api/v1/projects/${p.id}`, {
    body: { contact: `值班${Math.floor(Math.random() * 1000)}` },
    headers: { 'If-Match': g.headers.get('etag') },
    expected: [200, 412],
  });
}

// --- imports ------------------------------------------------------------------------------
function progressCsv() {
  const rows = ['重大项目月调度表', '单位：万元', '项目编号,项目名称,报送月份,本月完成投资（万元）,备注,更正原因'];
  for (let i = 0; i < 20; i++) {
    const p = pick(signed);
    rows.push(`${p.code},,${thisMonth},${(Math.random() * 500).toFixed(2)},导入,`);
  }
  return Buffer.from(`\ufeff${rows.join('\r\n')}\r\n`);
}

async function importOnce(n) {
  let file;
  let name;
  let kind;
  if (n % 2 === 0) {
    file = progressCsv();
    name = 'progress.csv';
    kind = 'progress';
  } else {
    const x = await call('export xlsx', 'GET', `/api/v1/exports/projects?pairing=${pick(pairings)}&format=xlsx`);
    if (x.status !== 200) return;
    file = x.buf;
    name = 'projects.xlsx';
    kind = 'projects';
  }
  for (const dry of [true, false]) {
    const form = new FormData();
    form.append('kind', kind);
    form.append('dry_run', String(dry));
    form.append('file', new Blob([file]), name);
    // a project edited between the export and the import is written back as exported: fine
    await call(`import ${kind} ${dry ? 'dry run' : 'apply'}`, 'POST', '/api/v1/imports', { body: form, expected: dry ? [200] : [201] });
  }
}

// --- sampling -----------------------------------------------------------------------------
const samples = [];
const csv = fs.openSync(path.join(out, 'samples.csv'), 'w');
fs.writeSync(csv, 't_s,rss_kb,fds,requests,errors_5xx\n');
const started = performance.now();
function sampleNow() {
  let rss = NaN;
  let fds = NaN;
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'));
    rss = m ? Number(m[1]) : NaN;
    fds = fs.readdirSync(`/proc/${server.pid}/fd`).length;
  } catch { /* the server is gone: NaN, and the exit check below fails the run */ }
  const s = { t: (performance.now() - started) / 1000, rss, fds, total, fivexx };
  samples.push(s);
  fs.writeSync(csv, `${s.t.toFixed(1)},${rss},${fds},${total},${fivexx}\n`);
}

// --- the run ------------------------------------------------------------------------------
const deadline = Date.now() + opts.seconds * 1000;
console.log(`soak: ${opts.seconds} s, ${opts.workers} clients, samples every ${opts.sample} s into ${path.join(out, 'samples.csv')}`);
sampleNow();
const sampler = setInterval(sampleNow, opts.sample * 1000);
let imports = 0;
const going = () => Date.now() < deadline && !gone;
const importer = (async () => {
  while (going()) {
    await sleep(Math.min(opts.importEvery * 1000, Math.max(0, deadline - Date.now())));
    if (going()) await importOnce(imports++);
  }
})();
const workers = Array.from({ length: opts.workers }, async () => {
  while (going()) await once();
});
await Promise.all([...workers, importer]);
clearInterval(sampler);
sampleNow();
fs.closeSync(csv);

const goneEarly = gone; // ended before it was asked to
server.kill('SIGTERM');
const exit = await Promise.race([exited, sleep(15_000).then(() => null)]);
if (!exit) server.kill('SIGKILL');
fs.closeSync(log);
let auditOk = true;
try {
  run('audit', 'verify', '--db', dbPath);
} catch (e) {
  auditOk = false;
  failures.push(`duikou audit verify failed: ${e.stdout || ''}${e.stderr || ''}`.trim());
}

// --- the verdict --------------------------------------------------------------------------
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : NaN;
};
console.log(`\n${'operation'.padEnd(28)} ${'count'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  statuses`);
for (const [op, t] of [...tally].sort((a, b) => b[1].n - a[1].n)) {
  const st = [...t.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(`${op.padEnd(28)} ${String(t.n).padStart(8)} ${pct(t.ms, 0.5).toFixed(1).padStart(8)} ${pct(t.ms, 0.99).toFixed(1).padStart(8)}  ${st}`);
}
const secs = (performance.now() - started) / 1000;
console.log(`\n${total} requests in ${secs.toFixed(0)} s (${(total / secs).toFixed(0)}/s), ${imports} imports, ${fivexx} answered 5xx`);

let flat = null;
const warm = Math.max(60, opts.seconds * 0.1);
const judged = samples.filter((s) => s.t >= warm && Number.isFinite(s.rss));
if (!opts.smoke && judged.length >= 6) {
  const third = Math.floor(judged.length / 3);
  const first = judged.slice(0, third);
  const last = judged.slice(judged.length - third);
  const rss0 = median(first.map((s) => s.rss));
  const rss1 = median(last.map((s) => s.rss));
  const fd0 = Math.max(...first.map((s) => s.fds));
  const fd1 = Math.max(...last.map((s) => s.fds));
  const rssLimit = rss0 * (1 + RSS_TOLERANCE) + RSS_SLACK_KB;
  flat = rss1 <= rssLimit && fd1 <= fd0 + FD_SLACK;
  console.log(`RSS median: first third ${(rss0 / 1024).toFixed(1)} MiB, last third ${(rss1 / 1024).toFixed(1)} MiB ` +
    `(limit ${(rssLimit / 1024).toFixed(1)} MiB: +${RSS_TOLERANCE * 100}% + ${RSS_SLACK_KB / 1024} MiB)`);
  console.log(`open descriptors, most: first third ${fd0}, last third ${fd1} (limit ${fd0 + FD_SLACK})`);
  console.log(`samples after the ${warm.toFixed(0)} s warm-up: ${judged.length} (peak RSS ${(Math.max(...judged.map((s) => s.rss)) / 1024).toFixed(1)} MiB)`);
  if (!flat) failures.push('RSS or open descriptors grew: not flat');
} else if (!opts.smoke) {
  failures.push(`too few samples after the ${warm.toFixed(0)} s warm-up to judge flatness (run longer)`);
}
if (goneEarly) failures.push(`duikou serve ended during the run: ${JSON.stringify(goneEarly)}; see ${logPath}`);
else if (!exit || exit.code !== 0 || exit.signal) failures.push(`duikou serve did not exit cleanly on SIGTERM: ${JSON.stringify(exit)}; see ${logPath}`);

const summary = { seconds: secs, requests: total, imports, errors_5xx: fivexx, flat, audit_ok: auditOk, exit, failures };
fs.writeFileSync(path.join(out, 'summary.json'), JSON.stringify(summary, null, 2));
if (failures.length) {
  console.log(`\nsoak: FAILED\n  ${failures.join('\n  ')}\n(output in ${out})`);
  process.exit(1);
}
console.log(`\nsoak: ok${opts.smoke ? ' (smoke: flatness not judged)' : ': flat'}, no 5xx, clean exit, audit chain verified (output in ${out})`);
