#!/usr/bin/env node
// run.mjs — duikou's benchmark suite (`make bench`): builds the bare libmicrohttpd baseline, makes
// (or reuses) the benchmark databases with `duikou bench-data`, runs every scenario against a Release
// `duikou serve` over loopback with wrk, hyperfine and GNU time, each figure at least --runs times
// with the baseline run in the same round, and writes bench/RESULTS.md: the machine, the date, each
// command, min / median / max of every figure, its ratio to the baseline and the target it is held to.
// Benchmarks are not tests: nothing here fails on a slow figure (a missed target is reported as such).
//
// usage: node bench/run.mjs [--sizes 100000,1000000] [--runs 3] [--seconds 10] [--out bench/RESULTS.md]
//                           [--bin build/release/duikou] [--data bench/data] [--only a,b] [--tiny]
//                           [--pg 1,2,4|none] [--pg-sizes 1000000]
//   --tiny: 2,000 projects, one run of one second, the list scenario only (what `make check` runs).
//   --pg: the same scenarios on PostgreSQL (bench/pg.mjs) with these numbers of duikou processes on
//         one port, at the largest size (or --pg-sizes); the one-client scenarios with the first only.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import { PG_SETTINGS, keptDatabase, scratchDatabase, startCluster } from './pg.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const opt = parseArgs(process.argv.slice(2));
const BIN = path.resolve(opt.bin || path.join(root, 'build/release/duikou'));
const DATA = path.resolve(opt.data || path.join(root, 'bench/data'));
const OUT = path.resolve(opt.out || path.join(root, 'bench/RESULTS.md'));
const TINY = !!opt.tiny;
const SIZES = (opt.sizes || (TINY ? '2000' : '100000,1000000')).split(',').map(Number);
const RUNS = Number(opt.runs || (TINY ? 1 : 3));
const SECONDS = Number(opt.seconds || (TINY ? 1 : 10));
const ONLY = opt.only ? opt.only.split(',') : TINY ? ['list'] : null;
const MONTHS = 36;
const THREADS = 4; // duikou serve's default, and the baseline's pool
// PostgreSQL: the numbers of duikou processes (sharing one port), at the largest size unless
// --pg-sizes says; none in the tiny run, or with --pg none
const PG_PROCS = opt.pg === 'none' || (TINY && !opt.pg) ? [] : (opt.pg || '1,2,4').split(',').map(Number);
const PG_SIZES = opt['pg-sizes'] ? opt['pg-sizes'].split(',').map(Number) : null;
const WRK = { threads: 2, conns: 32 };

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`run.mjs: unexpected argument ${a}`);
    const k = a.slice(2);
    if (k === 'tiny') o.tiny = true;
    else o[k] = argv[++i];
  }
  return o;
}

const log = (...a) => console.error('bench:', ...a);
const wanted = (name) => !ONLY || ONLY.includes(name);
const commands = []; // every command a figure came from, for RESULTS.md
const note = (cmd) => { if (!commands.includes(cmd)) commands.push(cmd); };

// ---- numbers ----------------------------------------------------------------------------------
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, max: s[s.length - 1], n: s.length };
}
const fmt = (v, d = 1) => (v === undefined || v === null || Number.isNaN(v) ? '—' : Number(v).toFixed(d));

// ---- processes --------------------------------------------------------------------------------
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function get(port, p, token, method = 'GET', body = null) {
  return new Promise((resolve) => {
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    if (body) headers['Content-Type'] = 'application/json';
    const req = http.request({ host: '127.0.0.1', port, path: p, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(body || undefined);
  });
}

async function waitReady(port, p, limitMs = 120000) {
  const t0 = process.hrtime.bigint();
  for (;;) {
    const r = await get(port, p);
    if (r.status === 200) return Number(process.hrtime.bigint() - t0) / 1e6;
    if (Number(process.hrtime.bigint() - t0) / 1e6 > limitMs) throw new Error(`server on ${port} did not answer ${p}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

function rss(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((s.match(new RegExp(`${k}:\\s+(\\d+)`)) || [0, 0])[1]);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

// Starts procs `duikou serve` processes on one port (--reuse-port when more than one; each
// waits until it says it listens, since the first one answers /healthz for all). Their access
// logs go to a file, as a real deployment's would go somewhere.
async function startDuikou(db, extra = [], procs = 1) {
  const port = await freePort();
  const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', String(THREADS), ...(procs > 1 ? ['--reuse-port'] : []), ...extra];
  note(`duikou ${args.join(' ').replace(db, 'DB').replace(String(port), 'PORT')}`);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-bench-log-'));
  const children = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < procs; i++) {
    const log = path.join(logDir, `serve-${i}.log`);
    const fd = fs.openSync(log, 'w');
    children.push(spawn(BIN, args, { stdio: ['ignore', 'ignore', fd] }));
    fs.closeSync(fd);
    for (let k = 0; !/listening on/.test(fs.readFileSync(log, 'utf8')); k++) {
      if (children[i].exitCode !== null || k > 120000) throw new Error(`duikou serve did not start: ${fs.readFileSync(log, 'utf8').slice(-500)}`);
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  await waitReady(port, '/healthz');
  const startMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const stop = async () => { await Promise.all(children.map(stopChild)); fs.rmSync(logDir, { recursive: true, force: true }); };
  return { port, child: children[0], children, startMs, stop };
}

async function startBaseline(baselineBin) {
  const port = await freePort();
  const child = spawn(baselineBin, [String(port), String(THREADS)], { stdio: 'ignore' });
  const t0 = process.hrtime.bigint();
  await waitReady(port, '/');
  return { port, child, startMs: Number(process.hrtime.bigint() - t0) / 1e6, stop: () => stopChild(child) };
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

// One wrk run; returns {rps, p50, p99, max (ms), errors, requests}.
function wrk(port, p, { token, method, body, ids, idFile, threads = WRK.threads, conns = WRK.conns, seconds = SECONDS } = {}) {
  const args = [`-t${threads}`, `-c${conns}`, `-d${seconds}s`, '-s', path.join(root, 'bench/wrk/scenario.lua'), `http://127.0.0.1:${port}/`] // the path comes from the script;
  const env = { ...process.env, BENCH_PATH: p, BENCH_IDS: String(ids || 1), BENCH_METHOD: method || 'GET', BENCH_TOKEN: token || '' };
  if (idFile) env.BENCH_ID_FILE = idFile;
  if (body) env.BENCH_BODY = body;
  else delete env.BENCH_BODY;
  note(`${method && method !== 'GET' ? `BENCH_METHOD=${method} BENCH_BODY='${body}' ` : ''}BENCH_PATH='${p}' wrk -t${threads} -c${conns} -d${seconds}s -s bench/wrk/scenario.lua URL`);
  const r = spawnSync('wrk', args, { env, encoding: 'utf8', timeout: (seconds + 60) * 1000 });
  const line = (r.stdout || '').split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`wrk gave no result: ${r.stderr || r.stdout}`);
  const j = JSON.parse(line.slice(6));
  // a run in which nothing was answered has no latency to report (wrk would print zeros)
  if (!j.requests) throw new Error(`wrk: no request answered in ${seconds} s of ${p}`);
  return {
    rps: j.requests / (j.duration_us / 1e6), p50: j.p50_us / 1000, p99: j.p99_us / 1000, max: j.max_us / 1000,
    errors: j.connect_errors + j.read_errors + j.write_errors + j.status_errors + j.timeouts, requests: j.requests,
    detail: Object.entries({ connect: j.connect_errors, read: j.read_errors, write: j.write_errors, timeout: j.timeouts, ...j.statuses }).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join(', '),
  };
}

// ---- the data ---------------------------------------------------------------------------------
function lastMonth() {
  const cn = new Date(Date.now() + 8 * 3600e3); // China time, as duikou's "today"
  const m = cn.getUTCFullYear() * 12 + cn.getUTCMonth() - 1;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

// The database for n projects, made once per generator version and options and kept in DATA.
function benchDb(n, last) {
  fs.mkdirSync(DATA, { recursive: true });
  const args = ['bench-data', '--projects', String(n), '--months', String(MONTHS), '--last-month', last, '--quiet'];
  // remade when the options or the generator's code change; a newer schema is migrated on the copy
  const gen = crypto.createHash('sha256');
  for (const f of ['src/demo/bench_data.c', 'src/demo/rng.c', 'src/demo/demo_names.c']) gen.update(fs.readFileSync(path.join(root, f)));
  const key = `${args.join(' ')} ${gen.digest('hex').slice(0, 16)}`;
  const db = path.join(DATA, `bench-${n}.db`), stamp = `${db}.stamp`;
  note(`duikou ${args.join(' ')} --db bench/data/bench-N.db`);
  if (fs.existsSync(db) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === key) return { db, genMs: null };
  for (const f of [db, `${db}-wal`, `${db}-shm`, stamp]) fs.rmSync(f, { force: true });
  log(`generating ${n} projects (kept in ${path.relative(root, DATA)} for later runs)`);
  const t0 = process.hrtime.bigint();
  execFileSync(BIN, [...args, '--db', db], { stdio: ['ignore', 'ignore', 'inherit'] });
  const genMs = Number(process.hrtime.bigint() - t0) / 1e6;
  fs.writeFileSync(stamp, key);
  return { db, genMs };
}

function scratchCopy(db, name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-bench-'));
  const to = path.join(dir, name);
  execFileSync(BIN, ['backup', to, '--db', db], { stdio: 'ignore' });
  execFileSync(BIN, ['migrate', '--db', to], { stdio: 'ignore' });
  return { path: to, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function token(db) {
  return execFileSync(BIN, ['token', 'add', 'admin', `bench-${process.pid}`, '--db', db], { encoding: 'utf8' }).trim().split('\n').pop().trim();
}

function sqlite(db, sql) {
  return execFileSync('sqlite3', [db, sql], { encoding: 'utf8', maxBuffer: 1 << 30 }).trim();
}

// ---- scenarios --------------------------------------------------------------------------------
const results = []; // {size (the section: size and backend), scenario, metric, unit, runs[], baseline[], target, met}
const sections = []; // in the order they ran
const failures = []; // scenarios that could not be measured, reported as such
const TINY_IMPORT = !!process.env.BENCH_IMPORT_ANY_SIZE;

function record(sec, scenario, metric, unit, values, { baseline, target, met, better = 'higher' } = {}) {
  results.push({ size: sec, scenario, metric, unit, s: stats(values), b: baseline ? stats(baseline) : null, target, met, better });
}

// Runs one scenario; a failure is reported in RESULTS.md and the others still run.
async function attempt(sec, name, fn) {
  try { await fn(); } catch (e) { failures.push(`${sec}: ${name}: ${String(e.message || e).slice(0, 300)}`); log(`${name} failed: ${e.message}`); }
}

// Throughput scenario: A/B with the baseline in each round.
async function throughput(sec, name, srv, base, p, o, target) {
  const rs = [], bs = [];
  for (let i = 0; i < RUNS; i++) {
    bs.push(wrk(base.port, '/', {}));
    rs.push(wrk(srv.port, p, o));
  }
  const ratio = rs.map((r, i) => r.rps / bs[i].rps);
  const errs = rs.reduce((a, r) => a + r.errors, 0);
  if (errs) failures.push(`${sec}: ${name}: errors in wrk's runs — ${rs.map((r) => r.detail || 'none').join('; ')}`);
  record(sec, name, 'requests/s', '/s', rs.map((r) => r.rps), { baseline: bs.map((b) => b.rps) });
  record(sec, name, 'ratio to baseline', '×', ratio, { target: target.ratio ? `≥ ${target.ratio}` : '', met: target.ratio ? stats(ratio).median >= target.ratio : null });
  record(sec, name, 'p99 latency', 'ms', rs.map((r) => r.p99), { baseline: bs.map((b) => b.p99), target: target.p99 ? `< ${target.p99} ms` : '', met: target.p99 ? stats(rs.map((r) => r.p99)).median < target.p99 : null, better: 'lower' });
  record(sec, name, 'errors', '', [errs], { target: target.zeroErrors ? '0' : '', met: target.zeroErrors ? errs === 0 : null, better: 'lower' });
  return rs;
}

// Latency scenario: one client, one request at a time; p50 from wrk. One request first, not
// timed: the first read after start (or after a write) is the cold case, which coldReport
// measures apart; left in, it would make the first run's figures one slow request (or a wrk
// timeout) instead of the steady state.
async function latency(sec, name, srv, base, p, o, targetP50) {
  const rs = [], bs = [];
  const warm = await get(srv.port, p, o.token);
  if (warm.status !== 200) throw new Error(`${name}: ${warm.status} ${warm.body.slice(0, 200)}`);
  for (let i = 0; i < RUNS; i++) {
    bs.push(wrk(base.port, '/', { threads: 1, conns: 1 }));
    rs.push(wrk(srv.port, p, { ...o, threads: 1, conns: 1 }));
  }
  record(sec, name, 'p50 latency (1 client)', 'ms', rs.map((r) => r.p50), { baseline: bs.map((b) => b.p50), target: `< ${targetP50} ms`, met: stats(rs.map((r) => r.p50)).median < targetP50, better: 'lower' });
  record(sec, name, 'p99 latency (1 client)', 'ms', rs.map((r) => r.p99), { baseline: bs.map((b) => b.p99), better: 'lower' });
  const errs = rs.reduce((a, r) => a + r.errors, 0);
  if (errs) {
    record(sec, name, 'errors', '', [errs], { better: 'lower' });
    failures.push(`${sec}: ${name}: errors in wrk's runs — ${rs.map((r) => r.detail || 'none').join('; ')}`);
  }
}

// The summary right after a write (the data's state changed, so nothing remembered applies):
// a progress report is written, then the report timed; min/median/max over the runs.
async function coldReport(sec, name, srv, tok, p, writeId, month) {
  const ms = [];
  for (let i = 0; i < Math.max(RUNS, 3); i++) {
    const w = await get(srv.port, `/api/v1/projects/${writeId}/progress`, tok, 'POST', JSON.stringify({ month, amount: (i + 1) * 10000 }));
    if (w.status !== 200 && w.status !== 201) throw new Error(`cold report: write ${w.status} ${w.body.slice(0, 200)}`);
    const t0 = process.hrtime.bigint();
    const r = await get(srv.port, p, tok);
    if (r.status !== 200) throw new Error(`cold report: ${r.status}`);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  record(sec, name, 'right after a write (nothing remembered)', 'ms', ms, { better: 'lower' });
}

// What the dashboard page asks for, in its order: pairings; the summary; then three at once.
async function dashboard(sec, srv, tok, pairing, year) {
  const times = [];
  const q = (o) => new URLSearchParams(o).toString();
  const iterations = Math.max(RUNS, TINY ? 1 : 10);
  note('dashboard: GET /api/v1/pairings; GET /api/v1/reports/summary?pairing=P&year=Y; then at once GET /api/v1/capital-stats, /api/v1/projects?colour=red…, ?colour=yellow… (bench/run.mjs)');
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    const pr = await get(srv.port, '/api/v1/pairings', tok);
    const sum = await get(srv.port, `/api/v1/reports/summary?${q({ pairing, year })}`, tok);
    if (pr.status !== 200 || sum.status !== 200) throw new Error(`dashboard: ${pr.status} ${sum.status} ${sum.body.slice(0, 200)}`);
    const asOf = JSON.parse(sum.body).as_of;
    const host = JSON.parse(pr.body).items.find((x) => x.code === pairing).host_region;
    const three = await Promise.all([
      get(srv.port, `/api/v1/capital-stats?${q({ host_region: host, year })}`, tok),
      get(srv.port, `/api/v1/projects?${q({ pairing, colour: 'red', as_of: asOf, sort: '-planned_investment', limit: 10 })}`, tok),
      get(srv.port, `/api/v1/projects?${q({ pairing, colour: 'yellow', as_of: asOf, sort: '-planned_investment', limit: 10 })}`, tok),
    ]);
    if (three.some((r) => r.status !== 200)) throw new Error(`dashboard: ${three.map((r) => r.status)}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  record(sec, 'dashboard (every call of the page)', 'wall time', 'ms', times, { target: '< 100 ms', met: stats(times).median < 100, better: 'lower' });
}

// GNU time around a command: wall seconds and peak RSS (MB).
function timed(cmd, args) {
  note(`/usr/bin/time -f '%e %M' duikou ${args.join(' ').replaceAll(DATA, 'bench/data').replace(/\S*duikou-bench-[^/ ]*\/import\.db/, 'COPY.db')}`);
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const m = (r.stderr || '').match(/TIME ([\d.]+) (\d+)/);
  if (r.status !== 0 || !m) throw new Error(`${args.join(' ')} failed: ${(r.stderr || '').slice(-800)}`);
  return { seconds: Number(m[1]), mb: Number(m[2]) / 1024 };
}

// A month's progress reports (月调度) for the projects that may report, the way the office's
// template lays them out: code, name, month, amount (万元), note, reason.
function progressRows(db, month, limit) {
  const codes = sqlite(db, `SELECT code FROM projects WHERE stage IN ('signed', 'landed', 'production') ORDER BY id LIMIT ${limit}`).split('\n');
  const lines = ['重大项目月调度表', '单位：万元', '项目编号,项目名称,报送月份,本月完成投资（万元）,备注,更正原因'];
  codes.forEach((c, k) => lines.push(`${c},,${month},${(k % 977) + 1},,`));
  return { text: '\ufeff' + lines.join('\n') + '\n', rows: codes.length };
}

// Imports file (made once by make()) into a fresh copy of src, runs times; wall time and peak memory.
function importRuns(sec, name, src, file, kind, runs, target) {
  const t = [], mem = [];
  for (let i = 0; i < runs; i++) {
    const c = scratchCopy(src, 'import.db');
    try {
      const r = timed(BIN, ['import', file, '--kind', kind, '--db', c.path]);
      t.push(r.seconds);
      mem.push(r.mb);
    } finally { c.remove(); }
  }
  record(sec, name, `wall time (${runs} run${runs > 1 ? 's' : ''})`, 's', t, { target: `< ${target} s`, met: stats(t).median < target, better: 'lower' });
  record(sec, name, 'peak memory', 'MB', mem, { target: '< 200 MB', met: stats(mem).max < 200, better: 'lower' });
}

function currentMonth(last) {
  const [y, m] = last.split('-').map(Number);
  return `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}`;
}

function imports(sec, size, src, last) {
  const month = currentMonth(last);
  // 100,000 rows as .xlsx: written as CSV, then saved as .xlsx by LibreOffice (kept in DATA)
  const xlsx = path.join(DATA, `progress-${size}-100000.xlsx`);
  if (!fs.existsSync(xlsx)) {
    const csv = path.join(DATA, `progress-${size}-100000.csv`);
    fs.writeFileSync(csv, progressRows(src, month, 100000).text);
    execFileSync('soffice', ['--headless', '--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', DATA, csv], { stdio: 'ignore', timeout: 600000 });
    fs.rmSync(csv);
  }
  note('soffice --headless --convert-to xlsx (the 100,000-row progress ledger, made once)');
  const xrows = Math.min(100000, Number(sqlite(src, "SELECT COUNT(*) FROM projects WHERE stage IN ('signed', 'landed', 'production')")));
  importRuns(sec, `import .xlsx progress ledger (${xrows.toLocaleString('en')} rows)`, src, xlsx, 'progress', RUNS, 5);
  // every project that may report, as CSV (one run: each needs a fresh copy of the database)
  const csv = path.join(DATA, `progress-${size}-all.csv`);
  const all = progressRows(src, month, 100000000);
  fs.writeFileSync(csv, all.text);
  importRuns(sec, `import .csv progress ledger (${all.rows.toLocaleString('en')} rows)`, src, csv, 'progress', 1, 30);
}

async function startup(sec, db, base) {
  const ms = [], bms = [], idle = [];
  for (let i = 0; i < RUNS; i++) {
    const b = await startBaseline(base);
    bms.push(b.startMs);
    await b.stop();
    const s = await startDuikou(db);
    ms.push(s.startMs);
    await new Promise((r) => setTimeout(r, 500));
    idle.push(rss(s.child.pid).rss);
    await s.stop();
  }
  record(sec, 'start-up', 'to the first answered request', 'ms', ms, { baseline: bms, target: '< 200 ms', met: stats(ms).median < 200, better: 'lower' });
  record(sec, 'memory', 'idle RSS after start', 'MB', idle, { target: '< 30 MB', met: stats(idle).max < 30, better: 'lower' });
}

// What the scenarios need to know of a size's data (read from the SQLite copy before any write).
function facts(db, last) {
  const pairings = sqlite(db, 'SELECT pa.code, COUNT(*) FROM projects p JOIN pairings pa ON pa.id = p.pairing_id GROUP BY pa.code ORDER BY 2 DESC').split('\n').map((l) => l.split('|'));
  const landedIn = (code) => sqlite(db, `SELECT p.id FROM projects p JOIN pairings pa ON pa.id = p.pairing_id WHERE pa.code = '${code}' AND p.stage = 'landed' LIMIT 1`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-bench-ids-'));
  // projects that may report (signed, landed or producing), up to 100,000 of them
  const reportingIds = path.join(dir, 'reporting-ids.txt');
  fs.writeFileSync(reportingIds, sqlite(db, "SELECT id FROM projects WHERE stage IN ('signed', 'landed', 'production') ORDER BY id LIMIT 100000") + '\n');
  const largest = pairings[0], median = pairings[Math.floor(pairings.length / 2)];
  const plan = sqlite(db, 'SELECT work_plan_id, COUNT(*) FROM work_items GROUP BY work_plan_id ORDER BY 2 DESC LIMIT 1').split('|');
  return {
    plan, // the largest work plan: [id, items]
    year: Number(last.slice(0, 4)), month: currentMonth(last), largest, median,
    writeIds: { [largest[0]]: landedIn(largest[0]), [median[0]]: landedIn(median[0]) },
    reportingIds, remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

// The request scenarios against one running service (one or more processes on srv.port).
// latencyToo: the one-client scenarios (summary, dashboard, search), which do not depend on the
// number of processes and are run once per backend.
async function scenarios(sec, size, f, srv, base, tok, latencyToo) {
  const tgt = { ratio: 0.5, p99: 10 };
  if (wanted('list')) await attempt(sec, 'list', () => throughput(sec, 'list: 25 projects, one filter, one sort', srv, base, '/api/v1/projects?limit=25&stage=landed&sort=-planned_investment', { token: tok }, tgt));
  if (wanted('project')) await attempt(sec, 'project', async () => {
    await throughput(sec, 'one project with its stage history', srv, base, '/api/v1/projects/{id}', { token: tok, ids: size }, tgt);
    await throughput(sec, "one project's monthly reports", srv, base, '/api/v1/projects/{id}/progress', { token: tok, ids: size }, tgt);
  });
  const sq = (code) => `/api/v1/reports/summary?pairing=${code}&year=${f.year}`;
  if (latencyToo && wanted('summary')) await attempt(sec, 'summary', async () => {
    for (const [label, pr] of [['largest', f.largest], ['median', f.median]]) {
      const name = `summary report, ${label} pairing (${pr[1]} projects)`;
      await latency(sec, name, srv, base, sq(pr[0]), { token: tok }, 20);
      if (f.writeIds[pr[0]]) await coldReport(sec, name, srv, tok, sq(pr[0]), f.writeIds[pr[0]], f.month);
    }
  });
  if (latencyToo && wanted('dashboard')) await attempt(sec, 'dashboard', () => dashboard(sec, srv, tok, f.median[0], f.year));
  if (latencyToo && wanted('search')) await attempt(sec, 'search', () => latency(sec, 'search, two characters (基地)', srv, base, `/api/v1/search?q=${encodeURIComponent('基地')}`, { token: tok }, 20));
  if (wanted('items')) await attempt(sec, 'items', () => throughput(sec, `work-plan items: 25 per page, largest plan (${f.plan[1]} items), as of 30 June`, srv, base, `/api/v1/work-items?limit=25&work_plan_id=${f.plan[0]}&as_of=${f.year}-06-30`, { token: tok }, tgt));
  if (wanted('writes')) await attempt(sec, 'writes', async () => {
    await throughput(sec, 'progress reports written (audit on)', srv, base, '/api/v1/projects/{id}/progress', { token: tok, idFile: f.reportingIds, method: 'POST', body: `{"month":"${f.month}","amount":{n}0000}` }, { ratio: 0, zeroErrors: true });
    const w = results.filter((r) => r.size === sec && r.scenario === 'progress reports written (audit on)' && r.metric === 'requests/s')[0];
    if (w) { w.target = '≥ 2000 /s'; w.met = w.s.median >= 2000; }
  });
  const peaks = srv.children.map((c) => rss(c.pid).hwm);
  return Math.max(...peaks);
}

async function runSize(size, baselineBin, last) {
  const { db: src, genMs } = benchDb(size, last);
  const sec = `${size.toLocaleString('en')} projects (SQLite)`;
  sections.push(sec);
  if (genMs !== null) record(sec, 'generator', 'bench-data', 's', [genMs / 1000], { better: 'lower' });
  const work = scratchCopy(src, 'bench.db');
  const f = facts(work.path, last);
  try {
    const tok = token(work.path);
    if (wanted('startup')) await attempt(sec, 'startup', () => startup(sec, work.path, baselineBin));
    const base = await startBaseline(baselineBin);
    const srv = await startDuikou(work.path);
    const idle = rss(srv.child.pid).rss;
    try {
      const peak = await scenarios(sec, size, f, srv, base, tok, true);
      record(sec, 'memory', 'serve RSS: after start / peak under the loads above', 'MB', [idle, peak], { target: '< 200 MB peak', met: peak < 200, better: 'lower' });
    } finally {
      await srv.stop();
      await base.stop();
    }
    if (wanted('import') && (size >= 1000000 || TINY_IMPORT)) {
      try { imports(sec, size, src, last); } catch (e) { failures.push(`${sec}: imports: ${String(e.message).slice(0, 300)}`); }
    }
    if (PG_PROCS.length && (PG_SIZES ? PG_SIZES.includes(size) : size === Math.max(...SIZES))) await attempt(sec, 'PostgreSQL', () => runPostgres(size, src, f, baselineBin));
  } finally {
    f.remove();
    work.remove();
  }
}

// The same scenarios on PostgreSQL with 1, 2 and 4 processes, over one copy of the size's data.
async function runPostgres(size, src, f, baselineBin) {
  const cluster = await startCluster(path.join(DATA, 'pg'));
  note(`PostgreSQL ${cluster.version} in bench/data/pg, fsync and synchronous_commit on; -c ${PG_SETTINGS.join(' -c ')}`);
  try {
    // copied from a fresh, migrated copy of the SQLite database, once per version of it
    const fresh = scratchCopy(src, 'pg-source.db');
    let kept;
    try {
      const key = `${fs.readFileSync(`${src}.stamp`, 'utf8')} schema ${sqlite(fresh.path, 'SELECT MAX(version) FROM schema_migrations')}`;
      note(`duikou copy --from sqlite:bench/data/bench-N.db --to postgres://…/bench_N (once)`);
      kept = keptDatabase(cluster, BIN, `bench_${size}`, fresh.path, key);
    } finally { fresh.remove(); }
    if (kept.copyMs !== null) record(`${size.toLocaleString('en')} projects (SQLite)`, 'copy onto PostgreSQL', 'duikou copy', 's', [kept.copyMs / 1000], { better: 'lower' });
    for (const procs of PG_PROCS) {
      const sec = `${size.toLocaleString('en')} projects (PostgreSQL ${cluster.version}, ${procs} process${procs > 1 ? 'es' : ''} × ${THREADS} threads)`;
      sections.push(sec);
      const db = scratchDatabase(cluster, kept.name, BIN);
      try {
        const tok = token(db.url);
        const base = await startBaseline(baselineBin);
        const srv = await startDuikou(db.url, [], procs);
        try {
          const peak = await scenarios(sec, size, f, srv, base, tok, procs === PG_PROCS[0]);
          record(sec, 'memory', `peak RSS of the busiest process under the loads above`, 'MB', [peak], { target: '< 200 MB', met: peak < 200, better: 'lower' });
        } finally {
          await srv.stop();
          await base.stop();
        }
      } finally { db.remove(); }
    }
  } finally { cluster.stop(); }
}

// ---- the report -------------------------------------------------------------------------------
function machine() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [0, '?'])[1];
  // the first line a tool prints about itself (wrk prints its version, then exits 1)
  const tool = (c, a) => { const r = spawnSync(c, a, { encoding: 'utf8' }); return ((r.stdout || r.stderr || '?').split('\n')[0] || '?').trim(); };
  let commit = '?';
  try { commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(); } catch {}
  return [
    `- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; duikou at commit ${commit}, Release build`,
    `- machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${os.release()}`,
    `- ${tool('wrk', ['--version']).replace(/ \[.*$/, '')}; ${tool('sqlite3', ['--version']).split(' ').slice(0, 1).map((v) => `SQLite ${v}`)}; node ${process.version}`,
    `- each figure: ${RUNS} run(s) of ${SECONDS} s (wrk: ${WRK.threads} threads, ${WRK.conns} connections unless "1 client"); duikou serve --threads ${THREADS}; the baseline (bench/baseline.c: libmicrohttpd, a fixed 1 KB JSON body, the same threading) runs in the same round`,
  ].join('\n');
}

function table(sec) {
  const rows = results.filter((r) => r.size === sec);
  const out = ['| scenario | figure | min | median | max | baseline (median) | target | met |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const d = r.unit === '×' ? 2 : r.unit === '/s' ? 0 : r.unit === 'ms' && r.s.median < 10 ? 2 : 1;
    const u = r.unit === '×' ? '×' : r.unit ? ` ${r.unit}` : '';
    out.push(`| ${r.scenario} | ${r.metric} | ${fmt(r.s.min, d)}${u} | ${fmt(r.s.median, d)}${u} | ${fmt(r.s.max, d)}${u} | ${r.b ? fmt(r.b.median, d) + u : ''} | ${r.target || ''} | ${r.met === true ? 'yes' : r.met === false ? '**no**' : ''} |`);
  }
  return out.join('\n');
}

function report(extra) {
  const parts = ['# duikou benchmark results', '', 'Written by `make bench` (bench/run.mjs); do not edit by hand — the notes at the end come from bench/NOTES.md.', '', '## Machine and method', '', machine(), ''];
  for (const sec of sections) parts.push(`## ${sec}`, '', table(sec), '');
  if (failures.length) parts.push('## Errors and scenarios not measured in this run', '', ...failures.map((f) => `- ${f}`), '');
  parts.push('## Commands', '', ...commands.map((c) => `- \`${c}\``), '');
  for (const e of extra) parts.push(e, '');
  const notes = path.join(root, 'bench/NOTES.md');
  if (!TINY && fs.existsSync(notes)) parts.push(fs.readFileSync(notes, 'utf8'));
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, parts.join('\n'));
  log(`wrote ${path.relative(process.cwd(), OUT) || OUT}`);
}

// ---- main -------------------------------------------------------------------------------------
async function main() {
  if (!fs.existsSync(BIN)) throw new Error(`no duikou binary at ${BIN} (make release)`);
  const baselineBin = path.join(root, 'build/bench/baseline');
  fs.mkdirSync(path.dirname(baselineBin), { recursive: true });
  const cflags = execFileSync('pkg-config', ['--cflags', '--libs', 'libmicrohttpd'], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean);
  execFileSync('cc', ['-O2', '-Wall', '-Wextra', '-o', baselineBin, path.join(root, 'bench/baseline.c'), ...cflags], { stdio: 'inherit' });
  const last = lastMonth();
  for (const size of SIZES) {
    log(`${size} projects`);
    await runSize(size, baselineBin, last);
  }
  const extra = [];
  const attacks = path.join(root, 'bench/attacks.mjs');
  if (!TINY && wanted('attacks') && fs.existsSync(attacks)) {
    const frag = path.join(os.tmpdir(), `duikou-attacks-${process.pid}.md`);
    note(`node bench/attacks.mjs --bin duikou --seconds ${SECONDS} --out FRAGMENT`);
    const r = spawnSync('node', [attacks, '--bin', BIN, '--seconds', String(SECONDS), '--out', frag], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status === 0 && fs.existsSync(frag)) { extra.push('## Overload and hostile clients\n\n' + fs.readFileSync(frag, 'utf8')); fs.rmSync(frag); }
    else extra.push('## Overload and hostile clients\n\nbench/attacks.mjs failed in this run (see its output).');
  }
  report(extra);
  if (TINY) { // `make check`: the run must have produced its figures, without errors
    const errs = results.filter((r) => r.metric === 'errors' && r.s.max > 0);
    if (!results.some((r) => r.metric === 'requests/s') || errs.length) throw new Error(`tiny run: ${errs.length ? 'errors in ' + errs.map((r) => r.scenario) : 'no figures'}`);
  }
  const missed = results.filter((r) => r.met === false);
  log(missed.length ? `targets missed: ${missed.map((r) => `${r.size}/${r.scenario}/${r.metric}`).join('; ')}` : 'every target met');
}

main().catch((e) => { console.error(`bench: ${e.stack || e}`); process.exit(1); });
