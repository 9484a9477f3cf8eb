// static.test.mjs — how duikou serves the embedded console over plain HTTP: content types,
// gzip, ETag/304, caching by name, the fallback to index.html for client-side routes, and
// that /api/ is never answered by it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertError, startServer } from '../api/harness.mjs';

let srv;
let index;
let assets;
before(async () => {
  srv = await startServer({ demo: false, name: 'static' });
  const r = await fetch(srv.base + '/');
  index = await r.text();
  assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
});
after(async () => { await srv?.stop(); });

const raw = (p, headers = {}, method = 'GET') => fetch(srv.base + p, { method, headers, redirect: 'manual' });

test('/ is the console: HTML, revalidated each time, under the same CSP (no inline script)', async () => {
  const r = await raw('/');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  assert.match(r.headers.get('content-security-policy'), /script-src 'self';/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.match(index, /<div id="app">/);
  assert.doesNotMatch(index, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  assert.doesNotMatch(index, /https?:\/\//, 'nothing from another origin');
  assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), `assets: ${assets}`);
});

test('hashed assets: their type, immutable for a year, gzip when asked, 304 on the ETag', async () => {
  for (const a of assets) {
    const plain = await raw(a, { 'Accept-Encoding': 'identity' });
    assert.equal(plain.status, 200, a);
    assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable', a);
    assert.equal(plain.headers.get('content-type'), a.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
    assert.equal(plain.headers.get('content-encoding'), null);
    const body = Buffer.from(await plain.arrayBuffer());
    const etag = plain.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{16}"$/);
    const again = await raw(a, { 'Accept-Encoding': 'identity', 'If-None-Match': etag });
    assert.equal(again.status, 304, a);
    assert.equal(again.headers.get('etag'), etag);
    // fetch decodes gzip itself: the body must be the same bytes, sent compressed
    const gz = await raw(a, { 'Accept-Encoding': 'gzip' });
    assert.equal(gz.headers.get('content-encoding'), 'gzip', a);
    assert.equal(gz.headers.get('vary'), 'Accept-Encoding');
    assert.ok(Number(gz.headers.get('content-length')) < body.length, 'smaller than the file');
    assert.deepEqual(Buffer.from(await gz.arrayBuffer()), body);
    assert.notEqual(gz.headers.get('etag'), etag, 'the gzip copy has its own validator');
    assert.equal((await raw(a, { 'Accept-Encoding': 'gzip;q=0' })).headers.get('content-encoding'), null);
  }
});

test('client-side routes get index.html; a missing asset is 404; HEAD works', async () => {
  for (const p of ['/projects', '/projects/12', '/login', '/admin']) {
    const r = await raw(p);
    assert.equal(r.status, 200, p);
    assert.equal(await r.text(), index, p);
  }
  assert.equal((await raw('/assets/missing-0000.js')).status, 404);
  const h = await raw('/', {}, 'HEAD');
  assert.equal(h.status, 200);
  assert.equal(await h.text(), '');
});

test('/api is never the console: unknown API paths stay JSON errors, writes to console paths are refused', async () => {
  assertError(await srv.get('/api/v1/nope'), 404, 'not_found');
  assertError(await srv.get('/api/v2/projects'), 404, 'not_found');
  const r = await srv.post('/projects', {});
  assert.equal(r.status, 404);
  assert.equal(r.json?.error?.code, 'not_found');
  assert.equal((await srv.get('/healthz')).status, 200);
});
