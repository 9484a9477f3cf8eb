-- 004_approvals.sql — changes a unit submits that wait for an office (审核中 → 审核通过 / 审核未通过):
-- a stage change, or a correction to a closed reporting month. The opinion log is the decision
-- with its opinion here, and every step in the audit trail.
CREATE TABLE approvals (
  id           {{id}},
  kind         TEXT NOT NULL CHECK (kind IN ('stage', 'progress')),
  project_id   BIGINT NOT NULL REFERENCES projects(id),
  payload      TEXT NOT NULL,             -- the request as submitted (JSON)
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
  decided_by   TEXT,
  decided_at   TEXT,
  opinion      TEXT,
  version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX approvals_project ON approvals(project_id, state);
