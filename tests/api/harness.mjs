// harness.mjs — starts a real `duikou serve` on its own database and loopback port for one test
// file, and gives the tests a small request helper. Node 20, no dependencies beyond node itself.
//
//   import { startServer } from './harness.mjs';
//   let srv;
//   before(async () => { srv = await startServer({ demo: true }); });
//   after(async () => { await srv.stop(); });
//   const r = await srv.req('GET', '/api/v1/projects?limit=1');   // → { status, headers, json, text }
//
// Environment: DUIKOU_BIN (the binary, required), DUIKOU_TEST_TMP (where temporary databases go,
// default os.tmpdir()), DUIKOU_TEST_PG_URL_FILE (optional: run on a new database of the
// PostgreSQL server whose URL the file holds, created and dropped with psql), DUIKOU_KEEP_TMP
// (keep the databases after the run). The server runs with DUIKOU_TODAY fixed (default TODAY below) so that
// "today", the demo data's last month and every warning colour are reproducible.
//
// stop() sends SIGTERM and asserts the process exits with code 0 within 10 s. The debug binary
// is built with AddressSanitizer: a leak or a memory error makes the exit code non-zero, and
// stop() then fails the test file with the server's stderr tail.
//
// DUIKOU_VALGRIND=1 (scripts/valgrind-api, with a binary built without sanitizers) runs each
// `duikou serve` under valgrind's memcheck instead: a memory error, or a definite or indirect
// leak at exit, makes it exit 99, which stop() reports the same way. The start-up and stop
// waits are longer then, for memcheck's pace.

import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const TODAY = '2026-11-15';

const VALGRIND = process.env.DUIKOU_VALGRIND === '1';
const VALGRIND_ARGS = ['--tool=memcheck', '--error-exitcode=99', '--leak-check=full', '--show-leak-kinds=definite,indirect',
  '--errors-for-leak-kinds=definite,indirect', '--track-origins=yes', '--num-callers=30'];
/** The command and arguments that run `duikou ARGS…`: the binary, or valgrind around it. */
function serverCommand(args) {
  return VALGRIND ? ['valgrind', [...VALGRIND_ARGS, duikouBin(), ...args]] : [duikouBin(), args];
}
/** The administrator's password in every test database. */
export const ADMIN_PASSWORD = 'admin-test-password';

/** The duikou binary under test. */
export function duikouBin() {
  const bin = process.env.DUIKOU_BIN;
  if (!bin) throw new Error('DUIKOU_BIN is not set (the path of the duikou binary to test)');
  if (!fs.existsSync(bin)) throw new Error(`DUIKOU_BIN=${bin} does not exist`);
  return bin;
}

/** A free TCP port on 127.0.0.1 (the OS picks one; it is released before returning). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A new empty directory under DUIKOU_TEST_TMP (or the OS temp dir). */
export function tempDir(prefix = 'duikou-api-') {
  const base = process.env.DUIKOU_TEST_TMP || os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, prefix));
}

function run(bin, args, env) {
  return new Promise((resolve) => {
    execFile(bin, args, { env, maxBuffer: 16 << 20, timeout: 300_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, signal: err?.signal ?? null, stdout, stderr: code === -1 ? `${stderr}\n${err.message}` : stderr });
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `duikou token add LOGIN NAME`: a new API token for the account. */
export async function newToken(dbPath, login, name) {
  const r = await run(duikouBin(), ['token', 'add', login, name, '--db', dbPath], process.env);
  if (r.code !== 0) throw new Error(`duikou token add ${login} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

/** Runs `duikou init [--demo] --db PATH` with DUIKOU_TODAY fixed; throws on failure. */
export async function initDb(dbPath, { demo = true, today = TODAY } = {}) {
  const env = { ...process.env, DUIKOU_TODAY: today, DUIKOU_ADMIN_PASSWORD: ADMIN_PASSWORD };
  const args = ['init', ...(demo ? ['--demo'] : []), '--db', dbPath];
  const r = await run(duikouBin(), args, env);
  if (r.code !== 0) {
    throw new Error(`duikou ${args.join(' ')} failed (exit ${r.code}${r.signal ? ', ' + r.signal : ''}):\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/**
 * The PostgreSQL server URL (no database name) when the tests run on PostgreSQL: ctest's
 * api.pg.* variants set DUIKOU_TEST_PG_URL_FILE to the file tests/pg/start wrote. Else null.
 */
export function pgServer() {
  const file = process.env.DUIKOU_TEST_PG_URL_FILE;
  if (!file) return null;
  let url;
  try {
    url = fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new Error(`cannot read DUIKOU_TEST_PG_URL_FILE=${file} (is the PostgreSQL fixture running?): ${e.message}`);
  }
  if (!url) throw new Error(`DUIKOU_TEST_PG_URL_FILE=${file} is empty`);
  return url.replace(/\/+$/, '');
}

/** Runs one SQL statement on the PostgreSQL server's maintenance database with psql. */
async function pgAdmin(server, sql) {
  const r = await run('psql', [`${server}/postgres`, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], process.env);
  if (r.code !== 0) throw new Error(`psql: ${sql}: exit ${r.code}\n${r.stderr}`);
}

let dbSeq = 0;

/**
 * Creates a database and serves it. Options: demo (default true), today (DUIKOU_TODAY for the
 * server), initToday (DUIKOU_TODAY for `init`, default today: the demo data reports progress up
 * to the month before it and closes the months before that), threads (default 4), name (used in
 * the temp dir's name), serveArgs (more arguments for `duikou serve`, e.g. ['--timeout', '2']).
 * attach: another server from startServer: serve the same database as it (a second duikou
 * process on one SQLite file or one PostgreSQL database); nothing is created, and stop()
 * leaves the database to its owner.
 * Returns { base, port, pid, dir, dbPath, req, get, post, patch, stop, stderr() }.
 */
export async function startServer({ demo = true, today = TODAY, initToday = today, threads = 4, name = 'srv', attach = null, serveArgs = [], port: fixedPort = null } = {}) {
  const dir = tempDir(`duikou-${name}-`);
  const pg = pgServer();
  let dbPath = attach ? attach.dbPath : path.join(dir, 'test.db');
  let pgName = null;
  if (attach) {
    // the owner created and initialised the database
  } else if (pg) {
    dbSeq += 1;
    pgName = `dk_api_${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${dbSeq}`;
    await pgAdmin(pg, `CREATE DATABASE ${pgName} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
    dbPath = `${pg}/${pgName}`;
  }
  if (!attach) await initDb(dbPath, { demo, today: initToday });
  // every request of the tests is the administrator's, by an API token, unless a test says otherwise
  const token = attach ? attach.token : await newToken(dbPath, 'admin', `tests-${name}`);
  const env = { ...process.env, DUIKOU_TODAY: today };

  let lastError = null;
  for (let attempt = 0; attempt < (fixedPort ? 1 : 5); attempt++) {
    const port = fixedPort || (await freePort());
    const child = spawn(...serverCommand(['serve', '--db', dbPath, '--listen', `127.0.0.1:${port}`, '--threads', String(threads), ...serveArgs]), {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => { out = (out + d).slice(-200_000); });
    child.stderr.on('data', (d) => { err = (err + d).slice(-200_000); });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let exitInfo = null;
    exited.then((x) => { exitInfo = x; });

    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + (VALGRIND ? 600_000 : 60_000); // the sanitizer build starts slowly on a busy machine
    let up = false;
    while (Date.now() < deadline && !exitInfo) {
      try {
        const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
        await r.arrayBuffer();
        if (r.status === 200) { up = true; break; }
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    if (!up) {
      if (!exitInfo) {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`duikou serve did not answer /healthz within 60 s on port ${port}:\n${err.slice(-4000)}`);
      }
      // Most likely the port was taken between freePort() and bind(): try another.
      lastError = new Error(`duikou serve exited early (code ${exitInfo.code}, signal ${exitInfo.signal}) on port ${port}:\n${out}\n${err.slice(-4000)}`);
      continue;
    }

    const req = makeReq(base, token);
    let stopped = false;
    const srv = {
      base,
      port,
      pid: child.pid, // for /proc/PID (memory, open files)
      dir,
      dbPath, // a SQLite file, or a postgres:// URL on PostgreSQL
      token, // the administrator's API token the requests carry
      anon: makeReq(base),
      today,
      req,
      raw: (method, p, body, headers = {}, opts) => rawRequest(port, method, p, body, { Authorization: `Bearer ${token}`, ...headers }, opts),
      get: (p, headers) => req('GET', p, undefined, headers),
      post: (p, body, headers) => req('POST', p, body, headers),
      patch: (p, body, headers) => req('PATCH', p, body, headers),
      stderr: () => err,
      /** SIGKILL — a crash: no clean-up of any kind; the database stays for the next server. */
      async kill() {
        stopped = true;
        if (!exitInfo) child.kill('SIGKILL');
        await exited;
        if (!process.env.DUIKOU_KEEP_TMP && attach) fs.rmSync(dir, { recursive: true, force: true });
      },
      /** SIGTERM, then assert a clean exit (code 0) within 10 s. */
      async stop() {
        if (stopped) return;
        stopped = true;
        if (!exitInfo) child.kill('SIGTERM');
        const res = await Promise.race([exited, sleep(VALGRIND ? 300_000 : 10_000).then(() => null)]);
        if (res === null) {
          child.kill('SIGKILL');
          await exited;
          assert.fail(`duikou serve did not exit within 10 s of SIGTERM\n--- stderr (tail) ---\n${err.slice(-6000)}`);
        }
        assert.equal(res.signal, null, `duikou serve was killed by ${res.signal}\n--- stderr (tail) ---\n${err.slice(-6000)}`);
        assert.equal(res.code, 0, `duikou serve exited with code ${res.code} (a sanitizer report?)\n--- stderr (tail) ---\n${err.slice(-6000)}`);
        if (!process.env.DUIKOU_KEEP_TMP) {
          if (pgName) await pgAdmin(pg, `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    };
    return srv;
  }
  throw lastError;
}

/**
 * req(method, path, body, headers) → { status, headers, json, text }.
 * body: undefined (none), a string or Buffer (sent as is), or anything else (sent as JSON).
 * json is the parsed body, or null when the body is empty or not JSON.
 * token: sent as `Authorization: Bearer TOKEN` unless headers say otherwise (an Authorization
 * of null sends none).
 */
export function makeReq(base, token = null) {
  return async function req(method, p, body, headers = {}) {
    const h = { ...headers };
    if (token && !Object.keys(h).some((k) => k.toLowerCase() === 'authorization')) h.Authorization = `Bearer ${token}`;
    for (const k of Object.keys(h)) if (h[k] === null) delete h[k];
    const init = { method, headers: h, signal: AbortSignal.timeout(60_000) };
    if (body !== undefined) {
      init.body = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      if (!Object.keys(init.headers).some((k) => k.toLowerCase() === 'content-type')) {
        init.headers['Content-Type'] = 'application/json';
      }
    }
    let res;
    try {
      res = await fetch(base + p, init);
    } catch (e) {
      throw new Error(`${method} ${p}: request failed: ${e.cause?.code || ''} ${e.message}`);
    }
    const text = await res.text();
    let json = null;
    if (text.length) {
      try { json = JSON.parse(text); } catch { json = null; }
    }
    return { status: res.status, headers: res.headers, json, text };
  };
}

/**
 * rawRequest(port, method, path, body, headers, { expectContinue }) → { status, headers, json,
 * text } over a plain socket, for bodies the server refuses before reading them (413). It sends
 * the body in slices and stops when a response arrives, and keeps the response when the server
 * closes the connection mid-upload (EPIPE / ECONNRESET on our side), which fetch reports as a
 * failure instead. With expectContinue it sends `Expect: 100-continue` and the body only after
 * `100 Continue`.
 */
export function rawRequest(port, method, p, body = '', headers = {}, { expectContinue = false } = {}) {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const chunks = [];
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`${method} ${p}: no complete response within 60 s`)), 60_000);
    function finish(err) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks);
      const sep = raw.indexOf('\r\n\r\n');
      if (sep < 0) {
        reject(err || new Error(`${method} ${p}: connection closed without a response (${raw.length} bytes)`));
        return;
      }
      const head = raw.subarray(0, sep).toString('latin1').split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
      if (!m) { reject(new Error(`${method} ${p}: bad status line ${head[0]}`)); return; }
      const h = new Headers();
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) h.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
      }
      let rest = raw.subarray(sep + 4);
      if ((h.get('transfer-encoding') || '').toLowerCase().includes('chunked')) {
        const parts = [];
        let off = 0;
        for (;;) {
          const eol = rest.indexOf('\r\n', off);
          if (eol < 0) break;
          const n = parseInt(rest.subarray(off, eol).toString('latin1'), 16);
          if (!n) break;
          parts.push(rest.subarray(eol + 2, eol + 2 + n));
          off = eol + 2 + n + 2;
        }
        rest = Buffer.concat(parts);
      } else if (h.get('content-length')) {
        rest = rest.subarray(0, Number(h.get('content-length')));
      }
      const text = rest.toString('utf8');
      let json = null;
      try { json = text.length ? JSON.parse(text) : null; } catch { json = null; }
      resolve({ status: Number(m[1]), headers: h, json, text });
    }
    let bodySent = !expectContinue;
    sock.on('data', (d) => {
      chunks.push(d);
      let raw = Buffer.concat(chunks);
      if (!bodySent && /^HTTP\/1\.[01] 100 /.test(raw.toString('latin1', 0, 16))) {
        // 100 Continue: the server wants the body; drop the interim response and send it
        const end = raw.indexOf('\r\n\r\n');
        if (end < 0) return;
        chunks.length = 0;
        raw = raw.subarray(end + 4);
        if (raw.length) chunks.push(raw);
        bodySent = true;
        sock.write(payload, () => {});
      }
      // done when the headers and the whole Content-Length body have arrived
      const sep = raw.indexOf('\r\n\r\n');
      if (sep >= 0) {
        const cl = /\r\ncontent-length:\s*(\d+)/i.exec(raw.subarray(0, sep).toString('latin1'));
        if (cl && raw.length - sep - 4 >= Number(cl[1])) finish();
      }
    });
    sock.on('error', (e) => {
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET') return; // the response may still be readable
      finish(e);
    });
    sock.on('close', () => finish());
    sock.on('connect', () => {
      const lines = [`${method} ${p} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close',
        'Content-Type: application/json', `Content-Length: ${payload.length}`];
      if (expectContinue) lines.push('Expect: 100-continue');
      for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
      sock.write(lines.join('\r\n') + '\r\n\r\n');
      if (!bodySent) return;
      // Send the body in slices and stop as soon as the server answers, as curl does: a
      // server may reply early (413) and close, and writing on would reset the connection.
      let off = 0;
      const next = () => {
        if (settled || chunks.length || sock.destroyed || off >= payload.length) return;
        const end = Math.min(off + 65536, payload.length);
        const slice = payload.subarray(off, end);
        off = end;
        sock.write(slice, (err) => { if (!err) setImmediate(next); });
      };
      next();
    });
  });
}

/**
 * Asserts r is the one error shape with the given status (and code, and field when given).
 * Returns the error object.
 */
export function assertError(r, status, code, field) {
  const where = `\n  got ${r.status} ${r.text.slice(0, 400)}`;
  assert.equal(r.status, status, `expected HTTP ${status}${code ? ' ' + code : ''}${where}`);
  assert.ok(r.json && typeof r.json === 'object' && r.json.error && typeof r.json.error === 'object',
    `expected the error shape {"error":{…}}${where}`);
  const e = r.json.error;
  assert.equal(typeof e.code, 'string', `error.code must be a string${where}`);
  assert.equal(typeof e.message, 'string', `error.message must be a string${where}`);
  assert.ok(e.message.length > 0, `error.message must not be empty${where}`);
  assert.equal(typeof e.field, 'string', `error.field must be a string${where}`);
  if (code !== undefined) {
    if (Array.isArray(code)) assert.ok(code.includes(e.code), `expected error.code in ${code.join('|')}${where}`);
    else assert.equal(e.code, code, `expected error.code ${code}${where}`);
  }
  if (field !== undefined) assert.equal(e.field, field, `expected error.field ${field}${where}`);
  return e;
}

/** Asserts r.status is expected, showing the body when not. */
export function assertStatus(r, status, what = '') {
  assert.equal(r.status, status, `${what ? what + ': ' : ''}expected HTTP ${status}, got ${r.status} ${r.text.slice(0, 600)}`);
}

let seq = 0;
/** A project code unique within this process. */
export function uniqueCode(prefix = 'T') {
  seq += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${seq}`;
}

/**
 * A valid body for POST /api/v1/projects in the demo pairing bj-sy (Beijing → Shenyang):
 * an intention-stage project in 法库县 (210124), investor in 朝阳区 (110105), manufacturing (C 39).
 * Pass overrides to change or (with undefined) remove fields.
 */
export function projectBody(overrides = {}) {
  const b = {
    code: uniqueCode('API'),
    name: '接口测试项目',
    investor: '北京测试科技有限公司',
    investor_region: '110105',
    host_region: '210124',
    industry_section: 'C',
    industry_division: '39',
    planned_investment: 500000000,
    pairing: 'bj-sy',
    intention_date: '2026-01-10',
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete b[k];
    else b[k] = v;
  }
  return b;
}

/** Creates a project (asserting 201) and returns it. */
export async function createProject(srv, overrides = {}) {
  const r = await srv.post('/api/v1/projects', projectBody(overrides));
  assertStatus(r, 201, 'POST /api/v1/projects');
  return r.json;
}

/** Fetches every page of a project listing (query without limit/offset) and returns all items. */
export async function listAll(srv, query = '') {
  const items = [];
  let total = null;
  for (let offset = 0; ; offset += 500) {
    const sep = query ? '&' : '';
    const r = await srv.get(`/api/v1/projects?${query}${sep}limit=500&offset=${offset}`);
    assertStatus(r, 200, `GET /api/v1/projects?${query}`);
    total = r.json.total;
    items.push(...r.json.items);
    if (r.json.items.length < 500 || items.length >= total) break;
  }
  return { items, total };
}

/** The total of a project listing. */
export async function listTotal(srv, query = '') {
  const r = await srv.get(`/api/v1/projects?${query}${query ? '&' : ''}limit=1`);
  assertStatus(r, 200, 'GET /api/v1/projects');
  return r.json.total;
}
