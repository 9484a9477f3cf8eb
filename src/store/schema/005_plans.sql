-- 005_plans.sql — the rest of the mechanism besides projects: the implementation plan (实施方案:
-- areas → key tasks → indicators with actuals), the annual work plan (年度工作计划: domains →
-- items with co-units, key-task links, dated progress updates, escalation), meetings with
-- attendees, decisions and signed projects, cadre exchanges, platforms and supply-demand
-- matching. Every record carries its pairing_id (the scope a caller is checked against) and a
-- version for If-Match. Indicator values are exact decimals kept as integer thousandths.

ALTER TABLE units ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

CREATE TABLE impl_plans (
  id           {{id}},
  pairing_id   BIGINT NOT NULL REFERENCES pairings(id),
  title        TEXT NOT NULL,
  issuer       TEXT,
  issued_date  TEXT,
  target_year  BIGINT NOT NULL,
  note         TEXT,
  version      BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE plan_areas (
  id         {{id}},
  pairing_id BIGINT NOT NULL REFERENCES pairings(id),
  plan_id    BIGINT NOT NULL REFERENCES impl_plans(id),
  seq        BIGINT NOT NULL,
  name       TEXT NOT NULL,
  version    BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX plan_areas_plan ON plan_areas(plan_id, seq);

CREATE TABLE key_tasks (
  id           {{id}},
  pairing_id   BIGINT NOT NULL REFERENCES pairings(id),
  area_id      BIGINT NOT NULL REFERENCES plan_areas(id),
  seq          BIGINT NOT NULL,
  title        TEXT NOT NULL,
  content      TEXT,
  lead_unit_id BIGINT REFERENCES units(id),
  version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX key_tasks_area ON key_tasks(area_id, seq);

CREATE TABLE key_task_units (
  task_id BIGINT NOT NULL REFERENCES key_tasks(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  PRIMARY KEY (task_id, unit_id)
);

CREATE TABLE indicators (
  id               {{id}},
  pairing_id       BIGINT NOT NULL REFERENCES pairings(id),
  task_id          BIGINT NOT NULL REFERENCES key_tasks(id),
  name             TEXT NOT NULL,
  measure          TEXT NOT NULL,            -- unit of measure: 人次, 个, 亿元, %
  baseline_milli   BIGINT,
  baseline_year    BIGINT,
  target_milli     BIGINT NOT NULL,
  target_year      BIGINT NOT NULL,
  higher_is_better BIGINT NOT NULL DEFAULT 1,
  version          BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX indicators_task ON indicators(task_id);

CREATE TABLE indicator_actuals (
  id           {{id}},
  pairing_id   BIGINT NOT NULL REFERENCES pairings(id),
  indicator_id BIGINT NOT NULL REFERENCES indicators(id),
  period       TEXT NOT NULL,                -- 'YYYY' or 'YYYY-MM'
  value_milli  BIGINT NOT NULL,
  note         TEXT,
  version      BIGINT NOT NULL DEFAULT 1,
  UNIQUE (indicator_id, period)
);

CREATE TABLE work_plans (
  id         {{id}},
  pairing_id BIGINT NOT NULL REFERENCES pairings(id),
  year       BIGINT NOT NULL,
  title      TEXT NOT NULL,
  note       TEXT,
  version    BIGINT NOT NULL DEFAULT 1,
  UNIQUE (pairing_id, year)
);

CREATE TABLE plan_domains (
  id           {{id}},
  pairing_id   BIGINT NOT NULL REFERENCES pairings(id),
  work_plan_id BIGINT NOT NULL REFERENCES work_plans(id),
  seq          BIGINT NOT NULL,
  name         TEXT NOT NULL,
  version      BIGINT NOT NULL DEFAULT 1,
  UNIQUE (work_plan_id, name)
);

CREATE TABLE meetings (
  id           {{id}},
  pairing_id   BIGINT NOT NULL REFERENCES pairings(id),
  kind         TEXT NOT NULL,               -- consultation 高层会商, forum 座谈, matchmaking 对接会, signing 签约仪式, other
  title        TEXT NOT NULL,
  meeting_date TEXT NOT NULL,
  place        TEXT,
  summary      TEXT,
  version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX meetings_pairing ON meetings(pairing_id, meeting_date);

CREATE TABLE meeting_attendees (
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  seq        BIGINT NOT NULL,
  name       TEXT NOT NULL,
  title      TEXT,
  side       TEXT NOT NULL,
  PRIMARY KEY (meeting_id, seq)
);

CREATE TABLE meeting_decisions (
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  seq        BIGINT NOT NULL,
  text       TEXT NOT NULL,
  PRIMARY KEY (meeting_id, seq)
);

CREATE TABLE meeting_projects (
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  project_id BIGINT NOT NULL REFERENCES projects(id),
  PRIMARY KEY (meeting_id, project_id)
);

CREATE TABLE work_items (
  id              {{id}},
  pairing_id      BIGINT NOT NULL REFERENCES pairings(id),
  work_plan_id    BIGINT NOT NULL REFERENCES work_plans(id),
  domain_id       BIGINT NOT NULL REFERENCES plan_domains(id),
  code            TEXT NOT NULL,
  title           TEXT NOT NULL,
  content         TEXT,
  lead_unit_id    BIGINT NOT NULL REFERENCES units(id),
  start_date      TEXT NOT NULL,
  due_date        TEXT NOT NULL,
  percent         BIGINT NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
  last_update     TEXT,                      -- date of the latest progress update
  escalation      TEXT NOT NULL DEFAULT 'none',
  carried_from_id BIGINT REFERENCES work_items(id),
  meeting_id      BIGINT REFERENCES meetings(id),
  decision_seq    BIGINT,
  version         BIGINT NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (pairing_id, code)                  -- each pairing numbers its own items
);
CREATE INDEX work_items_plan ON work_items(work_plan_id, domain_id);
CREATE INDEX work_items_lead ON work_items(lead_unit_id);
CREATE INDEX work_items_due ON work_items(pairing_id, due_date);

CREATE TABLE work_item_units (
  item_id BIGINT NOT NULL REFERENCES work_items(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  PRIMARY KEY (item_id, unit_id)
);
CREATE INDEX work_item_units_unit ON work_item_units(unit_id);

CREATE TABLE work_item_tasks (
  item_id BIGINT NOT NULL REFERENCES work_items(id),
  task_id BIGINT NOT NULL REFERENCES key_tasks(id),
  PRIMARY KEY (item_id, task_id)
);

CREATE TABLE work_item_updates (
  id          {{id}},
  pairing_id  BIGINT NOT NULL REFERENCES pairings(id),
  item_id     BIGINT NOT NULL REFERENCES work_items(id),
  update_date TEXT NOT NULL,
  percent     BIGINT NOT NULL CHECK (percent BETWEEN 0 AND 100),
  note        TEXT NOT NULL,
  unit_id     BIGINT REFERENCES units(id),
  reported_by TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX work_item_updates_item ON work_item_updates(item_id, update_date);

CREATE TABLE escalations (
  id         {{id}},
  pairing_id BIGINT NOT NULL REFERENCES pairings(id),
  item_id    BIGINT NOT NULL REFERENCES work_items(id),
  level      TEXT NOT NULL,
  reason     TEXT NOT NULL,
  actor      TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX escalations_item ON escalations(item_id);

CREATE TABLE exchanges (
  id         {{id}},
  pairing_id BIGINT NOT NULL REFERENCES pairings(id),
  person     TEXT NOT NULL,
  from_side  TEXT NOT NULL,                 -- the side that sends the person
  from_unit  TEXT NOT NULL,
  to_unit    TEXT NOT NULL,
  kind       TEXT NOT NULL,                 -- secondment 挂职, training 培训, visit 互访
  start_date TEXT NOT NULL,
  end_date   TEXT,
  note       TEXT,
  version    BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX exchanges_pairing ON exchanges(pairing_id, start_date);

CREATE TABLE platforms (
  id           {{id}},
  pairing_id   BIGINT NOT NULL REFERENCES pairings(id),
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL,               -- park 园区, zone 合作区, innovation 双创基地, other
  host_region  TEXT NOT NULL REFERENCES regions(code),
  area_milli   BIGINT,                      -- 平方公里 × 1000
  partner      TEXT,
  opening_date TEXT,
  note         TEXT,
  version      BIGINT NOT NULL DEFAULT 1,
  UNIQUE (pairing_id, name)
);

ALTER TABLE projects ADD COLUMN platform_id BIGINT REFERENCES platforms(id);
CREATE INDEX projects_platform ON projects(platform_id);

CREATE TABLE market_products (
  id         {{id}},
  pairing_id BIGINT NOT NULL REFERENCES pairings(id),
  product    TEXT NOT NULL,
  producer   TEXT NOT NULL,
  channel    TEXT NOT NULL,
  start_date TEXT NOT NULL,
  volume     TEXT,
  value      BIGINT CHECK (value >= 0),     -- yuan
  note       TEXT,
  version    BIGINT NOT NULL DEFAULT 1
);

INSERT INTO warning_rules (code, name, yellow_at, red_at, unit, description) VALUES
 ('item_due_soon', '事项临近截止', 10, 5, 'workdays',
  '未完成的工作事项距截止日期不足黄色阈值个工作日为黄，不足红色阈值个工作日为红（按法定节假日和调休计算）'),
 ('item_behind', '事项进度滞后', 10, 30, 'points',
  '工作事项完成百分比落后其周期序时进度的百分点数：达到黄色阈值为黄（并判为滞后），超过红色阈值为红；过截止日期未完成为红'),
 ('item_stale', '事项未更新进展', 4, 8, 'weeks',
  '推进中的工作事项连续若干周没有进展更新：达到黄色阈值为黄，达到红色阈值为红');
