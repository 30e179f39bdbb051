-- csqm schema v1 (SQLite). Instants are INTEGER UTC milliseconds; JSON is TEXT.
-- Every mutable row has a version column for ETag / If-Match.

CREATE TABLE org_units (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES org_units(id),
  kind TEXT NOT NULL CHECK (kind IN ('company', 'project', 'department')),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  path TEXT NOT NULL,                 -- '/1/4/9/': ancestors and itself, for subtree scope
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX org_units_path ON org_units(path);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  supervisor_id INTEGER REFERENCES users(id),
  phone TEXT,
  email TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_org_unit ON users(org_unit_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,        -- SHA-256 of the cookie value
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE calendars (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  spec_json TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE case_types (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL UNIQUE,        -- case numbers: PREFIX-YYYYMM-NNNNNN
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  workflow_json TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES categories(id),
  case_type_id INTEGER NOT NULL REFERENCES case_types(id),
  key TEXT NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  calendar_id INTEGER NOT NULL REFERENCES calendars(id),
  policy_json TEXT NOT NULL,          -- SLA targets and escalation steps
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('individual', 'organisation')),
  name TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  wechat TEXT,
  address TEXT,
  unit TEXT,                          -- building / unit / room
  tier TEXT NOT NULL DEFAULT 'ordinary' CHECK (tier IN ('ordinary', 'vip', 'key_account')),
  org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  dedicated_staff_id INTEGER REFERENCES users(id),
  contacts_json TEXT NOT NULL DEFAULT '[]',
  attributes_json TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_phone ON customers(phone);
CREATE INDEX customers_org_unit ON customers(org_unit_id);

CREATE TABLE case_sequences (
  prefix TEXT NOT NULL,
  month INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (prefix, month)
) WITHOUT ROWID;

CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  case_type_id INTEGER NOT NULL REFERENCES case_types(id),
  category_id INTEGER NOT NULL REFERENCES categories(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  channel TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  status_final INTEGER NOT NULL DEFAULT 0,
  customer_id INTEGER REFERENCES customers(id),
  owner_id INTEGER NOT NULL REFERENCES users(id),      -- 首问: never changes
  assignee_id INTEGER REFERENCES users(id),
  org_unit_id INTEGER NOT NULL REFERENCES org_units(id),
  received_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  first_reply_at INTEGER,
  arrived_at INTEGER,
  resolved_at INTEGER,
  closed_at INTEGER,
  paused_since INTEGER,
  month INTEGER NOT NULL,             -- local YYYYMM of received_at, for reports
  custom_json TEXT NOT NULL DEFAULT '{}',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_org_unit ON cases(org_unit_id, status_final, id);
CREATE INDEX cases_assignee ON cases(assignee_id, status_final, id);
CREATE INDEX cases_owner ON cases(owner_id, id);
CREATE INDEX cases_customer ON cases(customer_id, id);

CREATE TABLE case_targets (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  target_key TEXT NOT NULL,
  clock TEXT NOT NULL,
  limit_text TEXT NOT NULL,
  due_at INTEGER,                     -- NULL while paused
  warn_at INTEGER,
  met_at INTEGER,
  breached_at INTEGER,
  extended_due INTEGER,
  PRIMARY KEY (case_id, target_key)
) WITHOUT ROWID;
CREATE INDEX case_targets_open_due ON case_targets(due_at) WHERE met_at IS NULL;

CREATE TABLE case_pauses (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  PRIMARY KEY (case_id, started_at)
) WITHOUT ROWID;

CREATE TABLE timers (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  target_key TEXT NOT NULL,
  step INTEGER NOT NULL,              -- -1: the breach marker; else an escalation step index
  fire_at INTEGER NOT NULL,
  fired_at INTEGER,
  UNIQUE (case_id, target_key, step)
);
CREATE INDEX timers_due ON timers(fire_at) WHERE fired_at IS NULL;

CREATE TABLE timeline (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  at INTEGER NOT NULL,
  actor_id INTEGER REFERENCES users(id),   -- NULL: the system (escalations)
  kind TEXT NOT NULL,
  visibility TEXT NOT NULL DEFAULT 'internal' CHECK (visibility IN ('public', 'internal')),
  body TEXT NOT NULL DEFAULT '',
  data_json TEXT NOT NULL DEFAULT '{}'     -- before/after and details
);
CREATE INDEX timeline_case ON timeline(case_id, id);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  sha256 TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  uploaded_by INTEGER NOT NULL REFERENCES users(id),
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);

CREATE TABLE extension_requests (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  target_key TEXT NOT NULL,
  requested_by INTEGER NOT NULL REFERENCES users(id),
  requested_at INTEGER NOT NULL,
  requested_due INTEGER NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by INTEGER REFERENCES users(id),
  decided_at INTEGER,
  decision_note TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX extension_requests_case ON extension_requests(case_id);
CREATE INDEX extension_requests_pending ON extension_requests(status) WHERE status = 'pending';

CREATE TABLE case_links (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  linked_case_id INTEGER NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL DEFAULT 'related',
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (case_id, linked_case_id)
) WITHOUT ROWID;
CREATE INDEX case_links_linked ON case_links(linked_case_id);  -- Links(): both directions

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  case_id INTEGER REFERENCES cases(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, id);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,              -- email, webhook
  recipient TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  data_json TEXT NOT NULL,            -- before / after
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL                  -- SHA-256 over prev_hash and this row's fields
);

CREATE TABLE idempotency_keys (
  user_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

-- Chinese full-text search: rows hold IndexTokens() output (CJK unigrams + bigrams).
CREATE VIRTUAL TABLE case_search USING fts5(tokens, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE customer_search USING fts5(tokens, tokenize = 'unicode61 remove_diacritics 0');
