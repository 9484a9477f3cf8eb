// openapi.test.mjs — docs/openapi.yaml describes every route the server has, and no route it
// does not have (the route table from `duikou routes --json` against the description's paths).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { duikouBin } from './harness.mjs';

const specPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.yaml');

/** "METHOD /path" for each operation under `paths:` (two-space paths, four-space methods). */
function documented() {
  const ops = new Set();
  let inPaths = false;
  let current = null;
  for (const line of fs.readFileSync(specPath, 'utf8').split('\n')) {
    if (/^paths:\s*$/.test(line)) { inPaths = true; continue; }
    if (inPaths && /^\S/.test(line)) inPaths = false;
    if (!inPaths) continue;
    const p = /^ {2}(\/\S*):\s*$/.exec(line);
    if (p) { current = p[1]; continue; }
    const m = /^ {4}(get|post|put|patch|delete):\s*$/.exec(line);
    if (m && current) ops.add(`${m[1].toUpperCase()} ${current}`);
  }
  return ops;
}

test('every route is described, and every description is a route', async () => {
  const out = await new Promise((resolve, reject) =>
    execFile(duikouBin(), ['routes', '--json'], (err, stdout) => (err ? reject(err) : resolve(stdout))));
  const routes = new Set(JSON.parse(out).map((r) => `${r.method} ${r.path}`));
  const docs = documented();
  assert.deepEqual([...routes].filter((r) => !docs.has(r)), [], 'routes missing from docs/openapi.yaml');
  assert.deepEqual([...docs].filter((r) => !routes.has(r)), [], 'documented operations the server does not have');
});
