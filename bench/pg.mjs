// bench/pg.mjs — the PostgreSQL side of `make bench`: a cluster kept in bench/data/pg between
// runs (copying 10^6 projects and 10^7 reports into it takes minutes), started on a free loopback
// port with PostgreSQL's durable defaults (fsync and synchronous_commit on, as in production;
// the test suite's throw-away cluster turns them off). Each size's database is copied once from
// its SQLite bench database with `duikou copy` and kept while that database is unchanged; every
// round works on a fresh copy of it (CREATE DATABASE … TEMPLATE), because the write scenario
// changes the data.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// Settings beyond the defaults, printed in RESULTS.md with the figures.
export const PG_SETTINGS = ['shared_buffers=2GB', 'max_connections=200', 'listen_addresses=127.0.0.1'];

function bindir() {
  try {
    const d = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (fs.existsSync(path.join(d, 'initdb'))) return d;
  } catch { /* pg_config is in libpq-dev, not always installed */ }
  const base = '/usr/lib/postgresql';
  const v = fs.existsSync(base) ? fs.readdirSync(base).filter((x) => fs.existsSync(path.join(base, x, 'bin/initdb'))).sort((a, b) => a - b).pop() : null;
  if (!v) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
  return path.join(base, v, 'bin');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// PostgreSQL refuses to run as root; as root the server runs as Debian's `postgres` user.
const asServer = (cmd, args) => (process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
const run = (cmd, args, opts = {}) => execFileSync(...asServer(cmd, args), { encoding: 'utf8', ...opts });

/**
 * Starts the benchmark cluster in dir (made by initdb the first time).
 * Returns { url (no database name), version, sql(db, text), stop() }.
 */
export async function startCluster(dir) {
  const bin = bindir();
  const data = path.join(dir, 'data');
  fs.mkdirSync(dir, { recursive: true });
  if (process.getuid() === 0) execFileSync('chown', ['postgres', dir]);
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'duikou', '-E', 'UTF8', '--locale=C.UTF-8'], { stdio: 'ignore' });
  }
  const port = await freePort();
  const opts = [`-p ${port}`, `-k ${dir}`, ...PG_SETTINGS.map((s) => `-c ${s}`)].join(' ');
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '120', '-o', opts, 'start'], { stdio: 'ignore' });
  const url = `postgres://duikou@127.0.0.1:${port}`;
  const sql = (db, text) => execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', `${url}/${db}`, '-c', text], { encoding: 'utf8' }).trim();
  const version = (execFileSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).match(/\d+(\.\d+)+/) || ['?'])[0];
  return {
    url,
    version,
    sql,
    stop: () => run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' }),
  };
}

/**
 * The size's database in the cluster, copied from the SQLite database src when missing or made
 * from another version of it (key: the SQLite database's stamp). Returns the database name and the
 * copy's time in ms (null when it was kept).
 */
export function keptDatabase(cluster, bin, name, src, key) {
  const stampTable = "SELECT value FROM bench_stamp";
  let have = null;
  try { have = cluster.sql(name, stampTable); } catch { /* no such database yet */ }
  if (have === key) return { name, copyMs: null };
  cluster.sql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  cluster.sql('postgres', `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  const t0 = process.hrtime.bigint();
  execFileSync(bin, ['copy', '--from', `sqlite:${src}`, '--to', `${cluster.url}/${name}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  const copyMs = Number(process.hrtime.bigint() - t0) / 1e6;
  cluster.sql(name, 'VACUUM ANALYZE');
  // the stamp lives in its own table, which duikou never reads; written last, so a copy cut
  // short is made again next time
  cluster.sql(name, `CREATE TABLE bench_stamp (value text); INSERT INTO bench_stamp VALUES ('${key.replace(/'/g, "''")}')`);
  return { name, copyMs };
}

/** A fresh database made from the kept one for one round; returns { url, remove() }. */
export function scratchDatabase(cluster, kept, bin) {
  const name = `${kept}_work`;
  cluster.sql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  cluster.sql('postgres', `CREATE DATABASE ${name} TEMPLATE ${kept}`);
  const url = `${cluster.url}/${name}`;
  execFileSync(bin, ['migrate', '--db', url], { stdio: 'ignore' });
  return { url, remove: () => cluster.sql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
