-- 001_init.sql — the foundation schema: reference data, pairings, units, projects and their
-- lifecycle, monthly progress, coordination problems, introduced-capital statistics,
-- warning rules and the audit log.
-- Written in the SQL that SQLite and PostgreSQL share; {{id}} is the dialect's
-- auto-numbered integer primary key (store/migrate.c substitutes it). Money is BIGINT yuan,
-- dates are TEXT 'YYYY-MM-DD', months TEXT 'YYYY-MM', times TEXT ISO 8601 UTC.

CREATE TABLE regions (
  code        TEXT PRIMARY KEY,          -- GB/T 2260, six digits
  name        TEXT NOT NULL,
  parent_code TEXT REFERENCES regions(code),
  level       INTEGER NOT NULL,          -- 1 province, 2 city, 3 county/district
  prefix      TEXT NOT NULL              -- the code digits its descendants share (2, 4 or 6)
);
CREATE INDEX regions_parent ON regions(parent_code);

CREATE TABLE industries (
  code    TEXT PRIMARY KEY,              -- section letter, or division/group/class digits
  section TEXT NOT NULL,
  level   INTEGER NOT NULL,              -- 1 section, 2 division, 3 group, 4 class
  name    TEXT NOT NULL
);

CREATE TABLE calendar_days (
  day        TEXT PRIMARY KEY,           -- a day the State Council's notice changes
  name       TEXT NOT NULL,
  is_off_day INTEGER NOT NULL            -- 1 off (holiday), 0 a weekend day that is worked (调休)
);

CREATE TABLE pairings (
  id             {{id}},
  code           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  programme      TEXT NOT NULL,
  level          TEXT NOT NULL CHECK (level IN ('province', 'city')),
  host_region    TEXT NOT NULL REFERENCES regions(code),
  partner_region TEXT NOT NULL REFERENCES regions(code),
  start_date     TEXT NOT NULL,
  version        BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE units (
  id         {{id}},
  pairing_id BIGINT NOT NULL REFERENCES pairings(id),
  side       TEXT NOT NULL CHECK (side IN ('host', 'partner')),
  kind       TEXT NOT NULL CHECK (kind IN ('department', 'district', 'enterprise', 'other')),
  name       TEXT NOT NULL,
  sort_order BIGINT NOT NULL DEFAULT 0,
  UNIQUE (pairing_id, name)
);

CREATE TABLE projects (
  id                  {{id}},
  code                TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  investor            TEXT NOT NULL,
  investor_region     TEXT NOT NULL REFERENCES regions(code),
  host_region         TEXT NOT NULL REFERENCES regions(code),
  industry_section    TEXT NOT NULL,
  industry_division   TEXT,
  pairing_id          BIGINT NOT NULL REFERENCES pairings(id),
  unit_id             BIGINT REFERENCES units(id),
  contact             TEXT,
  leader              TEXT,
  platform            TEXT,
  content             TEXT,
  planned_investment  BIGINT NOT NULL CHECK (planned_investment >= 0),
  agreed_capital      BIGINT CHECK (agreed_capital >= 0),
  annual_plan         BIGINT CHECK (annual_plan >= 0),
  annual_plan_year    BIGINT,
  planned_start       TEXT,
  planned_finish      TEXT,
  national_code       TEXT,
  stage               TEXT NOT NULL,
  stage_before_pause  TEXT,
  intention_date      TEXT NOT NULL,
  signed_date         TEXT,
  landed_date         TEXT,
  production_date     TEXT,
  version             BIGINT NOT NULL DEFAULT 1,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX projects_pairing ON projects(pairing_id, stage);
CREATE INDEX projects_host ON projects(host_region);
CREATE INDEX projects_unit ON projects(unit_id);

CREATE TABLE stage_events (
  id         {{id}},
  project_id BIGINT NOT NULL REFERENCES projects(id),
  from_stage TEXT,
  to_stage   TEXT NOT NULL,
  event_date TEXT NOT NULL,
  actor      TEXT NOT NULL,
  note       TEXT,
  reason     TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX stage_events_project ON stage_events(project_id, event_date);

CREATE TABLE progress_reports (
  id          {{id}},
  project_id  BIGINT NOT NULL REFERENCES projects(id),
  month       TEXT NOT NULL,
  amount      BIGINT NOT NULL CHECK (amount >= 0),
  note        TEXT,
  reason      TEXT,
  reported_by TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     BIGINT NOT NULL DEFAULT 1,
  UNIQUE (project_id, month)
);
CREATE INDEX progress_month ON progress_reports(month);

CREATE TABLE month_closures (
  pairing_id BIGINT NOT NULL REFERENCES pairings(id),
  month      TEXT NOT NULL,
  closed_by  TEXT NOT NULL,
  closed_at  TEXT NOT NULL,
  PRIMARY KEY (pairing_id, month)
);

CREATE TABLE problems (
  id               {{id}},
  project_id       BIGINT NOT NULL REFERENCES projects(id),
  title            TEXT NOT NULL,
  detail           TEXT,
  raised_by        TEXT NOT NULL,
  raised_date      TEXT NOT NULL,
  assigned_unit_id BIGINT REFERENCES units(id),
  state            TEXT NOT NULL CHECK (state IN ('open', 'assigned', 'resolved')),
  resolution       TEXT,
  resolved_date    TEXT,
  version          BIGINT NOT NULL DEFAULT 1,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX problems_project ON problems(project_id);

CREATE TABLE capital_stats (
  id            {{id}},
  host_region   TEXT NOT NULL REFERENCES regions(code),
  year          BIGINT NOT NULL,
  source_region TEXT NOT NULL REFERENCES regions(code),
  amount        BIGINT NOT NULL CHECK (amount >= 0),
  UNIQUE (host_region, year, source_region)
);

CREATE TABLE warning_rules (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  yellow_at   BIGINT NOT NULL,           -- threshold for yellow, in the rule's unit
  red_at      BIGINT NOT NULL,           -- threshold for red (beyond yellow)
  unit        TEXT NOT NULL,             -- 'points' or 'months'
  enabled     BIGINT NOT NULL DEFAULT 1,
  description TEXT NOT NULL,
  version     BIGINT NOT NULL DEFAULT 1
);
INSERT INTO warning_rules (code, name, yellow_at, red_at, unit, description) VALUES
 ('progress_lag', '投资进度滞后', 10, 30, 'points',
  '本年累计完成投资占年度计划的比例落后序时进度的百分点数：达到黄色阈值为黄，超过红色阈值为红'),
 ('start_overdue', '逾期未开工', 0, 3, 'months',
  '计划开工月份已过仍未落地（开工）：逾期超过黄色阈值个月为黄，达到红色阈值个月为红'),
 ('no_report', '未按月报送进度', 2, 3, 'months',
  '已签约、落地的项目连续若干个月没有报送进度：达到黄色阈值为黄，达到红色阈值为红');

CREATE TABLE audit_log (
  id         {{id}},
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,               -- e.g. 'project.create', 'project.stage'
  entity     TEXT NOT NULL,               -- table name
  entity_id  BIGINT,
  detail     TEXT                         -- JSON: what changed
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
