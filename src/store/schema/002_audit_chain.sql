-- 002_audit_chain.sql — the audit trail (留痕) grows what it must carry: the caller's address,
-- the changed fields before → after, and a hash chain so a row edited or removed behind
-- duikou's back is found by `duikou audit verify`.
ALTER TABLE audit_log ADD COLUMN ip TEXT;
ALTER TABLE audit_log ADD COLUMN before_json TEXT;
ALTER TABLE audit_log ADD COLUMN after_json TEXT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE INDEX audit_at ON audit_log(at);
