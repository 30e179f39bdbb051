-- Callbacks (回访) and surveys (满意度调查, 意见簿): rules that create callback tasks, the tasks
-- with their attempts and outcome, reproducible monthly samples, questionnaires with personal
-- link invitations, responses and answers. Instants are INTEGER UTC milliseconds; JSON is TEXT.
-- The same statements run on PostgreSQL (postgres/0003_callbacks_surveys.sql differs only in
-- the id columns).

CREATE TABLE callback_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('case_resolved', 'customer_event', 'routine', 'complaint_sample')),
  active INTEGER NOT NULL DEFAULT 1,
  case_type_ids_json TEXT NOT NULL DEFAULT '[]',   -- filters; [] = any
  category_ids_json TEXT NOT NULL DEFAULT '[]',
  event TEXT,                                      -- customer_event: 'customer_created'
  tiers_json TEXT NOT NULL DEFAULT '[]',           -- routine: customer segment
  segment_org_unit_id INTEGER REFERENCES org_units(id),
  interval_days INTEGER NOT NULL DEFAULT 30,       -- routine: every N days
  sample_percent INTEGER NOT NULL DEFAULT 50,      -- complaint_sample: share of each stratum
  channel TEXT NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'visit', 'letter', 'email')),
  calendar_id INTEGER REFERENCES calendars(id),    -- NULL: the case's category calendar or 24x7
  clock TEXT NOT NULL DEFAULT '24x7',
  limit_text TEXT NOT NULL DEFAULT '24h',
  max_attempts INTEGER NOT NULL DEFAULT 3,
  retry_minutes INTEGER NOT NULL DEFAULT 120,
  on_unsatisfied TEXT NOT NULL DEFAULT 'reopen' CHECK (on_unsatisfied IN ('reopen', 'new_case')),
  followup_category_id INTEGER REFERENCES categories(id),
  script TEXT NOT NULL DEFAULT '',
  next_run_at INTEGER,                              -- routine: the job's next run
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE callback_samples (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES callback_rules(id),
  month INTEGER NOT NULL,             -- YYYYMM of the resolved complaints sampled
  seed TEXT NOT NULL,                 -- decimal uint64: the same seed draws the same sample
  percent INTEGER NOT NULL,
  population INTEGER NOT NULL,
  major_population INTEGER NOT NULL,
  selected INTEGER NOT NULL,
  strata_json TEXT NOT NULL,          -- [{stratum, category_id, org_unit_id, population, major, quota, selected}]
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  UNIQUE (rule_id, month)
);

CREATE TABLE callback_tasks (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES callback_rules(id),
  sample_id INTEGER REFERENCES callback_samples(id),
  case_id INTEGER REFERENCES cases(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  category_id INTEGER REFERENCES categories(id),
  case_type TEXT,                     -- the case type's key
  severity TEXT,
  channel TEXT NOT NULL CHECK (channel IN ('phone', 'visit', 'letter', 'email')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'failed', 'cancelled')),
  assignee_id INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  next_attempt_at INTEGER,            -- after an unreachable attempt: try again from then
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 3,
  completed_at INTEGER,
  completed_by INTEGER REFERENCES users(id),
  solved INTEGER,                     -- 1 / 0
  satisfaction TEXT CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  score INTEGER CHECK (score BETWEEN 1 AND 5),
  opinion TEXT,
  suggestion TEXT,
  violation INTEGER NOT NULL DEFAULT 0,
  violation_note TEXT,
  evidence_json TEXT NOT NULL DEFAULT '{}',
  follow_up_case_id INTEGER REFERENCES cases(id),
  dedupe_key TEXT NOT NULL UNIQUE,    -- one task per rule and trigger: exactly once
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX callback_tasks_open_due ON callback_tasks(status, due_at);
CREATE INDEX callback_tasks_assignee ON callback_tasks(assignee_id, status, due_at);
CREATE INDEX callback_tasks_case ON callback_tasks(case_id);
CREATE INDEX callback_tasks_created ON callback_tasks(created_at);
CREATE INDEX callback_tasks_completed ON callback_tasks(completed_at);

CREATE TABLE callback_attempts (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES callback_tasks(id),
  at INTEGER NOT NULL,
  actor_id INTEGER REFERENCES users(id),
  result TEXT NOT NULL CHECK (result IN ('unreachable', 'reached')),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX callback_attempts_task ON callback_attempts(task_id, id);

-- The monthly sample reads resolved cases by time of resolution.
CREATE INDEX cases_resolved_at ON cases(resolved_at);

CREATE TABLE surveys (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'questionnaire' CHECK (kind IN ('questionnaire', 'suggestion_book')),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE survey_questions (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  position INTEGER NOT NULL,
  section TEXT NOT NULL DEFAULT '',   -- e.g. an SLA target key: answered, on_site, resolved
  kind TEXT NOT NULL CHECK (kind IN ('rating', 'single', 'multiple', 'text')),
  text_zh TEXT NOT NULL,
  text_en TEXT NOT NULL DEFAULT '',
  options_json TEXT NOT NULL DEFAULT '[]',  -- single/multiple: [{"key","zh","en"}]
  required INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX survey_questions_survey ON survey_questions(survey_id, position);

CREATE TABLE survey_invitations (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  segment TEXT NOT NULL,              -- tier/org unit stratum
  token_hash TEXT NOT NULL UNIQUE,    -- SHA-256 of the personal link token
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  answered_at INTEGER,
  UNIQUE (survey_id, customer_id)
);

CREATE TABLE survey_responses (
  id INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id),
  invitation_id INTEGER UNIQUE REFERENCES survey_invitations(id),  -- one answer per link
  customer_id INTEGER REFERENCES customers(id),
  org_unit_id INTEGER REFERENCES org_units(id),
  submitted_at INTEGER NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('link', 'agent', 'suggestion')),
  entered_by INTEGER REFERENCES users(id),
  contact TEXT,                       -- suggestion book: optional name / phone
  remote_hash TEXT                    -- suggestion book: hashed peer address, for the rate limit
);
CREATE INDEX survey_responses_survey ON survey_responses(survey_id, id);
CREATE INDEX survey_responses_submitted ON survey_responses(submitted_at);
CREATE INDEX survey_responses_remote ON survey_responses(remote_hash, submitted_at);

CREATE TABLE survey_answers (
  response_id INTEGER NOT NULL REFERENCES survey_responses(id),
  question_id INTEGER NOT NULL REFERENCES survey_questions(id),
  score INTEGER,
  choice_json TEXT,
  text TEXT,
  PRIMARY KEY (response_id, question_id)
);
CREATE INDEX survey_answers_question ON survey_answers(question_id);
