-- Quality indicators and the monthly quality report (issue 6, M4).
-- quality_rollups: per local day x unit x category x case type x assignee x severity; a case
-- adds to the row of its received day (received), of its first resolution day (resolved,
-- on_time, reopened, handling-time histogram h00..h26) and of its closing day (closed).
-- Handling-time buckets are minutes with upper edges [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960, 1440, 2160, 2880, 4320, 5760, 7200, 10080, 14400, 20160, 30240, 43200] (h26: longer).
-- quality_target_rollups: SLA targets by the local day they fall due (effective due).
-- quality_case_facts: what each case currently adds to the rollups, so that a change applies
-- the difference in the same transaction as the case write.
CREATE TABLE quality_rollups (
  day INTEGER NOT NULL,               -- local YYYYMMDD (Asia/Shanghai)
  org_unit_id INTEGER NOT NULL,
  category_id INTEGER NOT NULL,
  case_type_id INTEGER NOT NULL,
  assignee_id INTEGER NOT NULL,           -- 0: unassigned
  severity TEXT NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  on_time INTEGER NOT NULL DEFAULT 0,        -- resolved with every target met by its due time
  reopened INTEGER NOT NULL DEFAULT 0,       -- resolved, later reopened
  handle_minutes INTEGER NOT NULL DEFAULT 0,  -- sum over resolved
  h00 INTEGER NOT NULL DEFAULT 0,
  h01 INTEGER NOT NULL DEFAULT 0,
  h02 INTEGER NOT NULL DEFAULT 0,
  h03 INTEGER NOT NULL DEFAULT 0,
  h04 INTEGER NOT NULL DEFAULT 0,
  h05 INTEGER NOT NULL DEFAULT 0,
  h06 INTEGER NOT NULL DEFAULT 0,
  h07 INTEGER NOT NULL DEFAULT 0,
  h08 INTEGER NOT NULL DEFAULT 0,
  h09 INTEGER NOT NULL DEFAULT 0,
  h10 INTEGER NOT NULL DEFAULT 0,
  h11 INTEGER NOT NULL DEFAULT 0,
  h12 INTEGER NOT NULL DEFAULT 0,
  h13 INTEGER NOT NULL DEFAULT 0,
  h14 INTEGER NOT NULL DEFAULT 0,
  h15 INTEGER NOT NULL DEFAULT 0,
  h16 INTEGER NOT NULL DEFAULT 0,
  h17 INTEGER NOT NULL DEFAULT 0,
  h18 INTEGER NOT NULL DEFAULT 0,
  h19 INTEGER NOT NULL DEFAULT 0,
  h20 INTEGER NOT NULL DEFAULT 0,
  h21 INTEGER NOT NULL DEFAULT 0,
  h22 INTEGER NOT NULL DEFAULT 0,
  h23 INTEGER NOT NULL DEFAULT 0,
  h24 INTEGER NOT NULL DEFAULT 0,
  h25 INTEGER NOT NULL DEFAULT 0,
  h26 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, org_unit_id, category_id, case_type_id, assignee_id, severity)
) WITHOUT ROWID;

CREATE TABLE quality_target_rollups (
  day INTEGER NOT NULL,               -- local YYYYMMDD of the effective due time
  org_unit_id INTEGER NOT NULL,
  category_id INTEGER NOT NULL,
  case_type_id INTEGER NOT NULL,
  assignee_id INTEGER NOT NULL,
  severity TEXT NOT NULL,
  target_key TEXT NOT NULL,
  met_on_time INTEGER NOT NULL DEFAULT 0,
  missed INTEGER NOT NULL DEFAULT 0,         -- met late, or breached and not yet met
  PRIMARY KEY (day, org_unit_id, category_id, case_type_id, assignee_id, severity, target_key)
) WITHOUT ROWID;

-- The same per local month, without the assignee: what month, quarter and year reports and the
-- dashboard read (about units x categories x severities rows a month, whatever the case count).
CREATE TABLE quality_rollups_monthly (
  month INTEGER NOT NULL,             -- local YYYYMM
  org_unit_id INTEGER NOT NULL,
  category_id INTEGER NOT NULL,
  case_type_id INTEGER NOT NULL,
  severity TEXT NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  on_time INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  handle_minutes INTEGER NOT NULL DEFAULT 0,
  h00 INTEGER NOT NULL DEFAULT 0,
  h01 INTEGER NOT NULL DEFAULT 0,
  h02 INTEGER NOT NULL DEFAULT 0,
  h03 INTEGER NOT NULL DEFAULT 0,
  h04 INTEGER NOT NULL DEFAULT 0,
  h05 INTEGER NOT NULL DEFAULT 0,
  h06 INTEGER NOT NULL DEFAULT 0,
  h07 INTEGER NOT NULL DEFAULT 0,
  h08 INTEGER NOT NULL DEFAULT 0,
  h09 INTEGER NOT NULL DEFAULT 0,
  h10 INTEGER NOT NULL DEFAULT 0,
  h11 INTEGER NOT NULL DEFAULT 0,
  h12 INTEGER NOT NULL DEFAULT 0,
  h13 INTEGER NOT NULL DEFAULT 0,
  h14 INTEGER NOT NULL DEFAULT 0,
  h15 INTEGER NOT NULL DEFAULT 0,
  h16 INTEGER NOT NULL DEFAULT 0,
  h17 INTEGER NOT NULL DEFAULT 0,
  h18 INTEGER NOT NULL DEFAULT 0,
  h19 INTEGER NOT NULL DEFAULT 0,
  h20 INTEGER NOT NULL DEFAULT 0,
  h21 INTEGER NOT NULL DEFAULT 0,
  h22 INTEGER NOT NULL DEFAULT 0,
  h23 INTEGER NOT NULL DEFAULT 0,
  h24 INTEGER NOT NULL DEFAULT 0,
  h25 INTEGER NOT NULL DEFAULT 0,
  h26 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, org_unit_id, category_id, case_type_id, severity)
) WITHOUT ROWID;

CREATE TABLE quality_target_rollups_monthly (
  month INTEGER NOT NULL,
  org_unit_id INTEGER NOT NULL,
  category_id INTEGER NOT NULL,
  case_type_id INTEGER NOT NULL,
  severity TEXT NOT NULL,
  target_key TEXT NOT NULL,
  met_on_time INTEGER NOT NULL DEFAULT 0,
  missed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, org_unit_id, category_id, case_type_id, severity, target_key)
) WITHOUT ROWID;

CREATE TABLE quality_case_facts (
  case_id INTEGER PRIMARY KEY REFERENCES cases(id),
  org_unit_id INTEGER NOT NULL,
  category_id INTEGER NOT NULL,
  case_type_id INTEGER NOT NULL,
  assignee_id INTEGER NOT NULL,
  severity TEXT NOT NULL,
  received_day INTEGER NOT NULL,
  resolved_day INTEGER NOT NULL,      -- 0: not resolved
  closed_day INTEGER NOT NULL,        -- 0: not closed
  on_time INTEGER NOT NULL,
  reopened INTEGER NOT NULL,
  handle_minutes INTEGER NOT NULL,
  in_resolved INTEGER NOT NULL,       -- the case sits in a resolved status now (reopen detection)
  targets TEXT NOT NULL DEFAULT ''    -- 'key day outcome;…' outcome 1 met on time, 2 missed
);

CREATE TABLE quality_targets (
  indicator TEXT PRIMARY KEY,
  target DOUBLE PRECISION NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by INTEGER,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE quality_reports (
  id INTEGER PRIMARY KEY,
  period TEXT NOT NULL,               -- '2026-10', '2026-Q4', '2026-W05', '2026', '2026-10-05'
  org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  generated_at INTEGER NOT NULL,
  generated_by INTEGER,                   -- NULL: the month-close job
  data_json TEXT NOT NULL,
  html_sha256 TEXT NOT NULL,
  xlsx_sha256 TEXT NOT NULL,
  sent_at INTEGER,                        -- sent to subscribers (once)
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (period, org_unit_id)
);

CREATE TABLE quality_report_subscriptions (
  user_id INTEGER NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL DEFAULT 'monthly',
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, kind)
);

CREATE TABLE quality_improvements (
  indicator TEXT NOT NULL,
  period TEXT NOT NULL,
  org_unit_id INTEGER NOT NULL,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  value DOUBLE PRECISION NOT NULL,
  target DOUBLE PRECISION NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (indicator, period, org_unit_id)
);

-- The callback figures of a period read done tasks by completion time; covering, so that a
-- month of tasks is one index range without a table lookup per task.
CREATE INDEX callback_tasks_quality ON callback_tasks(completed_at, status, case_type, severity,
  org_unit_id, category_id, satisfaction, score, case_id);
