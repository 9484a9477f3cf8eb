#!/usr/bin/env node
// attacks.mjs — overload and hostile clients against a real `duikou serve`, and what a small
// authenticated GET (GET /api/v1/pairings) sees meanwhile.
//
//   node bench/attacks.mjs --bin build/release/duikou --seconds 10 --out attacks.md
//
// It makes its own scratch database (`duikou init --demo` in a temporary directory) and API
// token, serves it on a free loopback port with the shipped defaults, and then, for a baseline
// without attack and for each attack in ATTACKS, runs the attack and measures the small GET for
// --seconds: --clients (4) clients in a loop, each on a keep-alive connection that it replaces
// after every 20 requests (so new clients' connections are measured too), 10 s allowed per
// request. It writes a markdown fragment (intro and table) to --out, or to stdout.
//
// Each attack runs in a child process of its own (this file with --attacker KIND), so the
// attacker's sockets have their own event loop and open-file limit (raised to the hard limit)
// and do not slow the measuring client. The attackers connect from 127.0.0.2 and up, the
// measuring client from 127.0.0.1, as attackers and users come from different addresses.
// tests/api/hostile.test.mjs uses the same attackers (startAttack) and probes (serverStats).
//
// Plain node (20+), no packages. The server, the attackers and the temporary directory are
// removed on every path (a failure, SIGINT, SIGTERM).

import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ---- what the server holds: /proc ------------------------------------------------------ */

/** The server's resident memory now and at its peak (MB), and its open file descriptors. */
export function serverStats(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number((new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status) || [0, 0])[1]);
  return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024, fds: fs.readdirSync(`/proc/${pid}/fd`).length };
}

/** Polls until the server's open fds are at most `target` (or `ms` pass); returns the last count. */
export async function fdsSettle(pid, target, ms) {
  const deadline = Date.now() + ms;
  let fds = serverStats(pid).fds;
  while (fds > target && Date.now() < deadline) {
    await sleep(200);
    fds = serverStats(pid).fds;
  }
  return fds;
}

/* ---- the attacks ------------------------------------------------------------------------ */

/**
 * The attacks the benchmark runs, in order: kind (an attacker below), its options, and how the
 * table names it. `attackers` is what one row's attacker column says.
 */
export const ATTACKS = [
  { label: 'slowloris: one header byte a second', kind: 'slowloris', opts: { count: 500, addresses: 50 }, attackers: '500 connections from 50 addresses' },
  { label: 'idle connections, one address', kind: 'idle', opts: { count: 3000, addresses: 1 }, attackers: '3000 connections' },
  { label: 'idle connections, many addresses', kind: 'idle', opts: { count: 3000, addresses: 100 }, attackers: '3000 connections from 100 addresses' },
  { label: 'huge header (one of 100 KiB)', kind: 'huge-header', opts: { count: 8, addresses: 8 }, attackers: '8 clients in a loop' },
  { label: 'many headers (4000)', kind: 'many-headers', opts: { count: 8, addresses: 8 }, attackers: '8 clients in a loop' },
  { label: 'bodies that never finish: 16 bytes, then nothing', kind: 'stalled-body', opts: { count: 200, addresses: 20 }, attackers: '200 connections from 20 addresses' },
  { label: 'bodies that never finish: 1 MB of 1 MiB, then a byte a second', kind: 'stalled-body', opts: { count: 300, addresses: 30, length: 1 << 20, send: 1_000_000, dripMs: 1000 }, attackers: '300 connections from 30 addresses' },
  { label: 'uploads of 4 MiB, signed in', kind: 'uploads', opts: { count: 32, addresses: 8, mib: 4, auth: true }, attackers: '32 clients in a loop' },
  { label: 'uploads of 4 MiB, anonymous', kind: 'uploads', opts: { count: 32, addresses: 8, mib: 4, auth: false }, attackers: '32 clients in a loop' },
  { label: 'uploads of 4 MiB cancelled after 1 MiB, signed in', kind: 'uploads', opts: { count: 16, addresses: 4, mib: 4, auth: true, cancelAfter: 1 << 20 }, attackers: '16 clients in a loop' },
];

/**
 * Starts an attacker process against 127.0.0.1:port and resolves once its connections are up.
 * kind: slowloris | idle | stalled-body | huge-header | many-headers | uploads.
 * opts: count (connections or looping clients), addresses (source addresses 127.0.0.2…, default
 * 1), token (for uploads and stalled bodies with auth), auth (send the token), mib (upload size),
 * path (stalled-body target, default POST /api/v1/projects), length (its Content-Length), send
 * (bytes of it sent before the stall, default 16), dripMs (stalled-body: then one more byte every
 * dripMs, never the last), cancelAfter (uploads: close the connection
 * after this many bytes of the body), kib / headers (the size of the huge header, the number of
 * many headers), intervalMs (slowloris: the pause between two bytes).
 * Returns { stop() → stats }: stats counts connections opened, closed by the server, refused,
 * and responses by status.
 */
export async function startAttack(kind, port, opts = {}) {
  const args = [SELF, '--attacker', kind, '--port', String(port), '--opts', JSON.stringify(opts)];
  const child = spawn('/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { err = (err + d).slice(-8000); });
  const lines = [];
  let wake = null;
  child.stdout.on('data', (d) => {
    out += d;
    let i;
    while ((i = out.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(out.slice(0, i)));
      out = out.slice(i + 1);
      if (wake) wake();
    }
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => { live.delete(child); resolve({ code, signal }); if (wake) wake(); }));
  let gone = null;
  exited.then((x) => { gone = x; });
  const next = async (ms) => {
    const deadline = Date.now() + ms;
    while (!lines.length && !gone && Date.now() < deadline) await new Promise((r) => { wake = r; setTimeout(r, 200); });
    wake = null;
    return lines.shift();
  };
  const ready = await next(30_000);
  if (!ready || !ready.ready) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`attacker ${kind} did not start (${gone ? `exit ${gone.code}` : 'no answer in 30 s'}):\n${err}`);
  }
  return {
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      const stats = await next(15_000);
      const res = await Promise.race([exited, sleep(5000).then(() => null)]);
      if (!res) { child.kill('SIGKILL'); await exited; }
      if (!stats || !stats.stats) throw new Error(`attacker ${kind} gave no statistics:\n${err}`);
      return stats.stats;
    },
  };
}

/* Child processes to kill when this process goes away on any path. */
const live = new Set();
process.on('exit', () => { for (const c of live) { try { c.kill('SIGKILL'); } catch { /* gone */ } } });

/* ---- the attacker process ---------------------------------------------------------------- */

/* A source address for connection n: 127.0.0.2 … spread over `addresses` of them. */
function sourceAddress(n, addresses) {
  const k = 2 + (n % Math.max(1, addresses));
  return `127.0.${Math.floor(k / 256)}.${k % 256}`;
}

/* A request head: method, path, headers (an array of "Name: value" lines). */
function head(method, p, port, headers = []) {
  return [`${method} ${p} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...headers].join('\r\n') + '\r\n';
}

/* The status of the response in buf, or 0 when its status line has not arrived. */
function statusOf(buf) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf.toString('latin1', 0, 16));
  return m ? Number(m[1]) : 0;
}

/*
 * Keeps `count` connections open: open(n) makes connection n; when one closes while the
 * attack runs, it is opened again after a short pause, as a real attacker would. Connections
 * are opened in batches so that thousands do not arrive in one instant.
 */
function population(count, addresses, port, stats, onConnect) {
  const socks = new Set();
  let running = true;
  const open = (n) => {
    if (!running) return;
    const s = net.connect({ host: '127.0.0.1', port, localAddress: sourceAddress(n, addresses) });
    socks.add(s);
    stats.opened++;
    let connected = false;
    s.on('connect', () => { connected = true; onConnect(s, n); });
    s.on('data', (d) => { const st = statusOf(d); if (st) stats.statuses[st] = (stats.statuses[st] || 0) + 1; });
    s.on('error', (e) => { if (!connected) stats.refused++; else stats.errors[e.code] = (stats.errors[e.code] || 0) + 1; });
    s.on('close', () => {
      socks.delete(s);
      if (!running) return;
      if (connected) stats.closedByServer++;
      setTimeout(() => open(n), 250);
    });
  };
  const ramp = (async () => {
    for (let n = 0; n < count && running; n += 100) {
      for (let k = n; k < Math.min(count, n + 100); k++) open(k);
      await sleep(50);
    }
  })();
  return {
    socks,
    ramp,
    stop() { running = false; for (const s of socks) s.destroy(); },
  };
}

/*
 * Clients in a loop: each sends request(n) on a new connection (Connection: close), waits for
 * the response or the close (30 s at most), counts the status, and goes again. With cancelAfter,
 * a client sends that many bytes of the body and then closes the connection (a cancelled upload).
 */
function loopers(count, addresses, port, stats, request) {
  let running = true;
  const socks = new Set();
  const one = (n) => new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: sourceAddress(n, addresses) });
    socks.add(s);
    stats.opened++;
    let got = Buffer.alloc(0);
    let done = false;
    const finish = (cancelled = false) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const st = statusOf(got);
      if (st) stats.statuses[st] = (stats.statuses[st] || 0) + 1;
      else if (cancelled) stats.cancelled++;
      else if (running) stats.closedByServer++;
      socks.delete(s);
      s.destroy();
      resolve();
    };
    const timer = setTimeout(finish, 30_000);
    s.on('data', (d) => { if (got.length < 64) got = Buffer.concat([got, d]); });
    s.on('error', (e) => { stats.errors[e.code] = (stats.errors[e.code] || 0) + 1; finish(); });
    s.on('close', () => finish());
    s.on('connect', () => {
      const { headBytes, body, cancelAfter } = request(n);
      s.write(headBytes);
      if (!body) return;
      // the body in slices, stopping once the server has answered
      let off = 0;
      const pump = () => {
        while (off < body.length && !done && !got.length) {
          if (cancelAfter && off >= cancelAfter) { finish(true); return; }
          const end = Math.min(off + 65536, body.length);
          const ok = s.write(body.subarray(off, end));
          off = end;
          if (!ok) { s.once('drain', pump); return; }
        }
      };
      pump();
    });
  });
  const workers = Array.from({ length: count }, async (_, n) => {
    while (running) {
      await one(n);
      if (running && !Object.keys(stats.statuses).length) await sleep(50);
    }
  });
  return {
    socks,
    ramp: Promise.resolve(),
    stop() { running = false; for (const s of socks) s.destroy(); return Promise.all(workers); },
  };
}

/* A multipart/form-data body of one file of `mib` MiB (CSV-looking text) and dry_run=true. */
function multipart(mib) {
  const b = 'duikouattackboundary';
  const row = '项目编号,项目名称,计划总投资（万元）\nX-1,攻击测试,1\n';
  const file = Buffer.alloc(mib << 20, row);
  return {
    type: `multipart/form-data; boundary=${b}`,
    body: Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="dry_run"\r\n\r\ntrue\r\n`),
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="attack.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]),
  };
}

/* The attacker process: runs one attack until SIGTERM, then prints its statistics. */
async function runAttacker(kind, port, opts) {
  const count = opts.count ?? 100;
  const addresses = opts.addresses ?? 1;
  const stats = { kind, opened: 0, closedByServer: 0, refused: 0, cancelled: 0, errors: {}, statuses: {} };
  const auth = opts.auth && opts.token ? [`Authorization: Bearer ${opts.token}`] : [];
  let attack;
  if (kind === 'slowloris') {
    // a request whose headers never end: one more byte of an endless header every second
    const drip = 'X-Slow-Header: aaaaaaaaaaaaaaaaaa\r\n';
    attack = population(count, addresses, port, stats, (s) => {
      s.write(head('GET', '/api/v1/pairings', port));
      let i = 0;
      const t = setInterval(() => { if (s.destroyed) clearInterval(t); else s.write(drip[i++ % drip.length]); }, opts.intervalMs ?? 1000);
      s.on('close', () => clearInterval(t));
    });
  } else if (kind === 'idle') {
    attack = population(count, addresses, port, stats, () => {});
  } else if (kind === 'stalled-body') {
    // a body announced, begun, and never finished
    const p = opts.path ?? '/api/v1/projects';
    const len = opts.length ?? 512 * 1024;
    const begun = Buffer.alloc(Math.min(opts.send ?? 16, len - 1), 'a');
    attack = population(count, addresses, port, stats, (s) => {
      s.write(head('POST', p, port, [...auth, 'Content-Type: application/json', `Content-Length: ${len}`]) + '\r\n');
      s.write(begun);
      if (!opts.dripMs) return;
      // then a byte now and then, never the last one: the server's idle timeout never fires
      let sent = begun.length;
      const t = setInterval(() => { if (s.destroyed || sent >= len - 1) clearInterval(t); else { s.write('a'); sent++; } }, opts.dripMs);
      s.on('close', () => clearInterval(t));
    });
  } else if (kind === 'huge-header' || kind === 'many-headers') {
    const headers = kind === 'huge-header'
      ? [`X-Huge: ${'a'.repeat((opts.kib ?? 100) * 1024)}`]
      : Array.from({ length: opts.headers ?? 4000 }, (_, i) => `X-Many-${i}: v`);
    const headBytes = head('GET', '/api/v1/pairings', port, [...auth, 'Connection: close', ...headers]) + '\r\n';
    attack = loopers(count, addresses, port, stats, () => ({ headBytes }));
  } else if (kind === 'uploads') {
    const { type, body } = multipart(opts.mib ?? 4);
    const headBytes = head('POST', '/api/v1/imports', port, [...auth, 'Connection: close', `Content-Type: ${type}`, `Content-Length: ${body.length}`]) + '\r\n';
    attack = loopers(count, addresses, port, stats, () => ({ headBytes, body, cancelAfter: opts.cancelAfter }));
  } else {
    throw new Error(`unknown attack ${kind}`);
  }
  await attack.ramp;
  // ready once the population is up (or 10 s have passed: the server may refuse some)
  const deadline = Date.now() + 10_000;
  while (attack.socks.size < Math.min(count, 1) && Date.now() < deadline) await sleep(50);
  await sleep(500);
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
  await new Promise((resolve) => process.once('SIGTERM', resolve));
  stats.openAtEnd = attack.socks.size;
  await attack.stop();
  process.stdout.write(JSON.stringify({ stats }) + '\n');
  process.exit(0);
}

/* ---- the measuring client ----------------------------------------------------------------- */

/**
 * Measures GET path for `seconds` with `clients` clients in a loop (keep-alive, a new connection
 * after every 20 requests, 10 s allowed per request). Returns { n, errors, ms: sorted latencies
 * of the 200s, errorKinds }.
 */
export async function measureGets({ port, token, path: p = '/api/v1/pairings', seconds, clients = 4 }) {
  const ms = [];
  let errors = 0;
  const errorKinds = {};
  const end = Date.now() + seconds * 1000;
  const one = (agent, close) => new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const rq = http.request({
      host: '127.0.0.1', port, path: p, method: 'GET', agent, localAddress: '127.0.0.1', timeout: 10_000,
      headers: { Authorization: `Bearer ${token}`, ...(close ? { Connection: 'close' } : {}) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        const took = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.statusCode === 200) ms.push(took);
        else { errors++; errorKinds[res.statusCode] = (errorKinds[res.statusCode] || 0) + 1; }
        resolve();
      });
    });
    rq.on('timeout', () => rq.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    rq.on('error', (e) => { errors++; errorKinds[e.code || e.message] = (errorKinds[e.code || e.message] || 0) + 1; resolve(); });
    rq.end();
  });
  await Promise.all(Array.from({ length: clients }, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 1; Date.now() < end; i++) await one(agent, i % 20 === 0);
    agent.destroy();
  }));
  ms.sort((a, b) => a - b);
  return { n: ms.length + errors, errors, ms, errorKinds };
}

/** The q-quantile of sorted values (nearest rank), or NaN when there are none. */
export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/* ---- the benchmark ------------------------------------------------------------------------- */

function run(bin, args, env = process.env) {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${bin} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/* Starts `duikou serve` on a free port; resolves { child, port, stop() } once /healthz answers. */
async function serve(bin, dbPath, extra = []) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(bin, ['serve', '--db', dbPath, '--listen', `127.0.0.1:${port}`, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
    live.add(child);
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { err = (err + d).slice(-20000); });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => { live.delete(child); resolve({ code, signal }); }));
    let gone = null;
    exited.then((x) => { gone = x; });
    const deadline = Date.now() + 30_000;
    while (!gone && Date.now() < deadline) {
      const st = await new Promise((resolve) => {
        http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => { res.resume(); resolve(res.statusCode); })
          .on('error', () => resolve(0)).on('timeout', function () { this.destroy(); });
      });
      if (st === 200) {
        return {
          child, port, stderr: () => err,
          async stop() {
            child.kill('SIGTERM');
            if (!(await Promise.race([exited, sleep(15_000).then(() => null)]))) { child.kill('SIGKILL'); await exited; }
          },
        };
      }
      await sleep(100);
    }
    if (!gone) { child.kill('SIGKILL'); await exited; throw new Error(`duikou serve did not answer /healthz in 30 s:\n${err}`); }
  }
  throw new Error('duikou serve could not start on a free port (5 tries)');
}

function parseArgs(argv) {
  const o = { seconds: 10, clients: 4, out: null, bin: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--bin') o.bin = v();
    else if (a === '--seconds') o.seconds = Number(v());
    else if (a === '--out') o.out = v();
    else if (a === '--clients') o.clients = Number(v());
    else if (a === '--only') o.only = v();
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const fmt = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : '—');

async function bench(o) {
  if (!o.bin || !fs.existsSync(o.bin)) throw new Error(`--bin: the duikou binary is required (got ${o.bin})`);
  if (!(o.seconds > 0)) throw new Error('--seconds must be a positive number');
  const bin = path.resolve(o.bin);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-attacks-'));
  let srv = null;
  const onSignal = (sig) => { cleanup(); process.kill(process.pid, sig); };
  const cleanup = () => {
    for (const c of live) { try { c.kill('SIGKILL'); } catch { /* gone */ } }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const loadStart = os.loadavg()[0].toFixed(1);
    const dbPath = path.join(dir, 'bench.db');
    await run(bin, ['init', '--demo', '--db', dbPath], { ...process.env, DUIKOU_ADMIN_PASSWORD: 'bench-admin-password' });
    const token = (await run(bin, ['token', 'add', 'admin', 'attacks', '--db', dbPath])).trim();
    srv = await serve(bin, dbPath);
    const pid = srv.child.pid;
    const rows = [];
    const phases = [{ label: 'no attack', kind: null, attackers: '—' }, ...ATTACKS.filter((a) => !o.only || a.kind === o.only || a.label === o.only)];
    let baseP99 = NaN;
    for (const ph of phases) {
      const before = serverStats(pid).fds;
      let peak = serverStats(pid).rssMB;
      const sampler = setInterval(() => { try { peak = Math.max(peak, serverStats(pid).rssMB); } catch { /* exiting */ } }, 100);
      let attack = null;
      let astats = null;
      let m;
      try {
        if (ph.kind) attack = await startAttack(ph.kind, srv.port, { ...ph.opts, token });
        m = await measureGets({ port: srv.port, token, seconds: o.seconds, clients: o.clients });
      } finally {
        if (attack) astats = await attack.stop();
        clearInterval(sampler);
      }
      const after = await fdsSettle(pid, before + 2, 15_000);
      const p99 = quantile(m.ms, 0.99);
      if (!ph.kind) baseP99 = p99;
      rows.push({ ...ph, m, p50: quantile(m.ms, 0.5), p99, max: m.ms.length ? m.ms[m.ms.length - 1] : NaN, peak, before, after, astats });
      process.stderr.write(`${ph.label}: ${m.n} GETs, ${m.errors} errors ${JSON.stringify(m.errorKinds)}, p99 ${fmt(p99)} ms, peak ${fmt(peak)} MB, fds ${before} → ${after}` +
        (astats ? `, attacker ${JSON.stringify(astats)}` : '') + '\n');
    }
    const load = os.loadavg()[0].toFixed(1);
    const lines = [];
    lines.push(`What a small authenticated GET (\`GET /api/v1/pairings\`, ${o.clients} clients in a loop on keep-alive connections, each replaced after 20 requests, 10 s allowed per request) sees during each attack, ${o.seconds} s each, on \`duikou serve\` with its default options over loopback (attackers from other loopback addresses), on a machine with ${os.cpus().length} CPUs (nproc; load average ${loadStart} at the start, ${load} at the end). The attacker runs in its own process on the same machine. Command: \`node bench/attacks.mjs --bin ${o.bin} --seconds ${o.seconds}\`.`);
    lines.push('');
    lines.push('| attack | attackers | GETs | errors | p50 ms | p99 ms | max ms | p99 / no-attack p99 | server peak RSS MB | fds before → after |');
    lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of rows) {
      const ratio = r.kind ? `${fmt(r.p99 / baseP99)}×` : '1×';
      lines.push(`| ${r.label} | ${r.attackers} | ${r.m.n} | ${r.m.errors} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${ratio} | ${r.peak.toFixed(0)} | ${r.before} → ${r.after} |`);
    }
    const text = lines.join('\n') + '\n';
    if (o.out) fs.writeFileSync(o.out, text);
    else process.stdout.write(text);
  } finally {
    if (srv) await srv.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    cleanup();
  }
}

/* ---- entry --------------------------------------------------------------------------------- */

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--attacker') {
    const port = Number(argv[3]);
    const opts = JSON.parse(argv[5] || '{}');
    runAttacker(argv[1], port, opts).catch((e) => { process.stderr.write(`${e.stack}\n`); process.exit(1); });
  } else {
    let o;
    try { o = parseArgs(argv); } catch (e) { process.stderr.write(`attacks.mjs: ${e.message}\n`); process.exit(2); }
    if (o.help) {
      process.stdout.write('usage: node bench/attacks.mjs --bin PATH_TO_duikou [--seconds N] [--out FRAGMENT.md] [--clients N] [--only KIND]\n');
    } else {
      bench(o).catch((e) => { process.stderr.write(`attacks.mjs: ${e.stack}\n`); process.exitCode = 1; });
    }
  }
}
