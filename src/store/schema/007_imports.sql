-- 007_imports.sql — ledger imports (Excel/CSV): each applied import is one change set; its
-- audit rows carry the change set's id, and this table says what the change set was.
ALTER TABLE audit_log ADD COLUMN change_set TEXT;
CREATE INDEX audit_change_set ON audit_log(change_set);

CREATE TABLE imports (
  id          {{id}},
  change_set  TEXT NOT NULL UNIQUE,        -- 'imp-' and 16 hex digits; audit_log.change_set
  kind        TEXT NOT NULL,               -- projects | progress | stats | …
  file_name   TEXT,
  file_sha256 TEXT NOT NULL,
  sheet       TEXT,
  actor       TEXT NOT NULL,
  rows_read   BIGINT NOT NULL,
  added       BIGINT NOT NULL,
  changed     BIGINT NOT NULL,
  unchanged   BIGINT NOT NULL,
  created_at  TEXT NOT NULL
);
