-- 003_accounts.sql — who may do what: accounts with argon2id password hashes, browser sessions
-- and API tokens (both stored only as SHA-256 hashes of random tokens), login failures for
-- throttling, and approvals (审核) of changes units submit.
CREATE TABLE users (
  id            {{id}},
  login         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'office', 'unit', 'partner', 'viewer')),
  pairing_id    BIGINT REFERENCES pairings(id),   -- the pairing the account works in; NULL = every pairing
  side          TEXT CHECK (side IN ('host', 'partner')),
  unit_id       BIGINT REFERENCES units(id),      -- for role unit: the unit it speaks for
  can_export    BIGINT NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL,
  disabled      BIGINT NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  version       BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE sessions (
  id         {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  user_id    BIGINT NOT NULL REFERENCES users(id),
  ip         TEXT,
  created_at TEXT NOT NULL,
  last_seen  TEXT NOT NULL,
  ended_at   TEXT
);

CREATE TABLE api_tokens (
  id         {{id}},
  user_id    BIGINT NOT NULL REFERENCES users(id),
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used  TEXT,
  revoked_at TEXT
);

CREATE TABLE login_failures (
  id    {{id}},
  login TEXT NOT NULL,
  ip    TEXT,
  at    TEXT NOT NULL
);
CREATE INDEX login_failures_login ON login_failures(login, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);
