-- csqm schema v1 (PostgreSQL): the same tables, columns and meaning as sqlite/0001_init.sql, so
-- the repositories' SQL is shared. Instants are BIGINT UTC milliseconds, flags are integers
-- (0/1), JSON is TEXT. Ids come from sequences (BIGSERIAL), so "INSERT … RETURNING id" works.
-- Every mutable row has a version column for ETag / If-Match.
--
-- Partitioning (see README.md): cases (by created_at), timeline and audit_log (by at) are
-- partitioned by month on their millisecond column, with a default partition each;
-- csqm_ensure_partitions(from_ms, to_ms) creates the monthly ones (run at the end of this file
-- and by csqm at start-up). A partitioned table's primary key must contain the partition key,
-- so those three have PRIMARY KEY (id, <column>); the global uniqueness of case ids and
-- numbers, and the foreign keys that point at cases, go through case_ids (one row per case,
-- written by a trigger on cases).

DO $$
BEGIN
  IF current_setting('server_encoding') <> 'UTF8' THEN
    RAISE EXCEPTION 'csqm needs a UTF8 database (this one is %)', current_setting('server_encoding');
  END IF;
END $$;

CREATE TABLE org_units (
  id BIGSERIAL PRIMARY KEY,
  parent_id BIGINT REFERENCES org_units(id),
  kind TEXT NOT NULL CHECK (kind IN ('company', 'project', 'department')),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  path TEXT COLLATE "C" NOT NULL,     -- '/1/4/9/': ancestors and itself, for subtree scope
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX org_units_path ON org_units(path);

CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  login TEXT COLLATE "C" NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
  supervisor_id BIGINT REFERENCES users(id),
  phone TEXT,
  email TEXT,
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX users_org_unit ON users(org_unit_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,        -- SHA-256 of the cookie value
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id BIGSERIAL PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE calendars (
  id BIGSERIAL PRIMARY KEY,
  key TEXT COLLATE "C" NOT NULL UNIQUE,
  name TEXT NOT NULL,
  spec_json TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE case_types (
  id BIGSERIAL PRIMARY KEY,
  key TEXT COLLATE "C" NOT NULL UNIQUE,
  prefix TEXT NOT NULL UNIQUE,        -- case numbers: PREFIX-YYYYMM-NNNNNN
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  workflow_json TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE categories (
  id BIGSERIAL PRIMARY KEY,
  parent_id BIGINT REFERENCES categories(id),
  case_type_id BIGINT NOT NULL REFERENCES case_types(id),
  key TEXT COLLATE "C" NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  calendar_id BIGINT NOT NULL REFERENCES calendars(id),
  policy_json TEXT NOT NULL,          -- SLA targets and escalation steps
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE customers (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('individual', 'organisation')),
  name TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  wechat TEXT,
  address TEXT,
  unit TEXT,                          -- building / unit / room
  tier TEXT NOT NULL DEFAULT 'ordinary' CHECK (tier IN ('ordinary', 'vip', 'key_account')),
  org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
  dedicated_staff_id BIGINT REFERENCES users(id),
  contacts_json TEXT NOT NULL DEFAULT '[]',
  attributes_json TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX customers_phone ON customers(phone);
CREATE INDEX customers_org_unit ON customers(org_unit_id);

-- NextNumber's "INSERT … ON CONFLICT DO UPDATE … RETURNING last" locks the (prefix, month)
-- row until its transaction ends: concurrent case creations of one type and month take
-- numbers one after the other, without gaps (a rolled-back creation gives its number back).
CREATE TABLE case_sequences (
  prefix TEXT NOT NULL,
  month BIGINT NOT NULL,
  last BIGINT NOT NULL,
  PRIMARY KEY (prefix, month)
);

-- One row per case: the global key of cases (a partitioned table cannot have a primary key or
-- unique constraint without its partition key) and the target of the foreign keys to cases.
CREATE TABLE case_ids (
  id BIGINT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE
);

CREATE TABLE cases (
  id BIGSERIAL,
  number TEXT NOT NULL,
  case_type_id BIGINT NOT NULL REFERENCES case_types(id),
  category_id BIGINT NOT NULL REFERENCES categories(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  channel TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  status_final BIGINT NOT NULL DEFAULT 0,
  customer_id BIGINT REFERENCES customers(id),
  owner_id BIGINT NOT NULL REFERENCES users(id),      -- 首问: never changes
  assignee_id BIGINT REFERENCES users(id),
  org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
  received_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,         -- the partition key: never changes
  updated_at BIGINT NOT NULL,
  first_reply_at BIGINT,
  arrived_at BIGINT,
  resolved_at BIGINT,
  closed_at BIGINT,
  paused_since BIGINT,
  month BIGINT NOT NULL,              -- local YYYYMM of received_at, for reports
  custom_json TEXT NOT NULL DEFAULT '{}',
  version BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE cases_default PARTITION OF cases DEFAULT;
CREATE INDEX cases_org_unit ON cases(org_unit_id, status_final, id);
CREATE INDEX cases_assignee ON cases(assignee_id, status_final, id);
CREATE INDEX cases_owner ON cases(owner_id, id);
CREATE INDEX cases_customer ON cases(customer_id, id);
CREATE INDEX cases_category ON cases(category_id, status_final, id);

CREATE FUNCTION csqm_case_ids_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_ids (id, number) VALUES (NEW.id, NEW.number);
  RETURN NEW;
END $$;
CREATE TRIGGER cases_case_ids BEFORE INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION csqm_case_ids_insert();

CREATE FUNCTION csqm_case_ids_renumber() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE case_ids SET number = NEW.number WHERE id = NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER cases_case_ids_number BEFORE UPDATE OF number ON cases
  FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number)
  EXECUTE FUNCTION csqm_case_ids_renumber();

CREATE TABLE case_targets (
  case_id BIGINT NOT NULL REFERENCES case_ids(id),
  target_key TEXT COLLATE "C" NOT NULL,
  clock TEXT NOT NULL,
  limit_text TEXT NOT NULL,
  due_at BIGINT,                      -- NULL while paused
  warn_at BIGINT,
  met_at BIGINT,
  breached_at BIGINT,
  extended_due BIGINT,
  PRIMARY KEY (case_id, target_key)
);
CREATE INDEX case_targets_open_due ON case_targets(due_at) WHERE met_at IS NULL;

CREATE TABLE case_pauses (
  case_id BIGINT NOT NULL REFERENCES case_ids(id),
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  PRIMARY KEY (case_id, started_at)
);

CREATE TABLE timers (
  id BIGSERIAL PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES case_ids(id),
  target_key TEXT COLLATE "C" NOT NULL,
  step BIGINT NOT NULL,               -- -1: the breach marker; else an escalation step index
  fire_at BIGINT NOT NULL,
  fired_at BIGINT,
  UNIQUE (case_id, target_key, step)
);
CREATE INDEX timers_due ON timers(fire_at) WHERE fired_at IS NULL;

CREATE TABLE timeline (
  id BIGSERIAL,
  case_id BIGINT NOT NULL REFERENCES case_ids(id),
  at BIGINT NOT NULL,
  actor_id BIGINT REFERENCES users(id),   -- NULL: the system (escalations)
  kind TEXT NOT NULL,
  visibility TEXT NOT NULL DEFAULT 'internal' CHECK (visibility IN ('public', 'internal')),
  body TEXT NOT NULL DEFAULT '',
  data_json TEXT NOT NULL DEFAULT '{}',   -- before/after and details
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE timeline_default PARTITION OF timeline DEFAULT;
CREATE INDEX timeline_case ON timeline(case_id, id);

CREATE TABLE attachments (
  id BIGSERIAL PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES case_ids(id),
  sha256 TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);

CREATE TABLE extension_requests (
  id BIGSERIAL PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES case_ids(id),
  target_key TEXT COLLATE "C" NOT NULL,
  requested_by BIGINT NOT NULL REFERENCES users(id),
  requested_at BIGINT NOT NULL,
  requested_due BIGINT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT,
  decision_note TEXT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX extension_requests_case ON extension_requests(case_id);
CREATE INDEX extension_requests_pending ON extension_requests(status) WHERE status = 'pending';

CREATE TABLE case_links (
  case_id BIGINT NOT NULL REFERENCES case_ids(id),
  linked_case_id BIGINT NOT NULL REFERENCES case_ids(id),
  kind TEXT NOT NULL DEFAULT 'related',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (case_id, linked_case_id)
);
CREATE INDEX case_links_linked ON case_links(linked_case_id);  -- Links(): both directions

CREATE TABLE notifications (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  case_id BIGINT REFERENCES case_ids(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, id);

CREATE TABLE outbox (
  id BIGSERIAL PRIMARY KEY,
  channel TEXT NOT NULL,              -- email, webhook
  recipient TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT,
  attempts BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox(id) WHERE delivered_at IS NULL;

-- Appends are serialised by pg_advisory_xact_lock (sql_audit_repository.cpp): each transaction
-- reads the newest hash and inserts after it while holding the lock until it commits, so the
-- id order is the chain order.
CREATE TABLE audit_log (
  id BIGSERIAL,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  data_json TEXT NOT NULL,            -- before / after
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,                 -- SHA-256 over prev_hash and this row's fields
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;
CREATE INDEX audit_log_id ON audit_log(id);

CREATE TABLE idempotency_keys (
  user_id BIGINT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status BIGINT NOT NULL,
  response_body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, key)
);

-- Chinese full-text search: core::IndexTokens() output as a tsvector built by csqm (each token
-- one lexeme at its position, no parser or dictionary in between), matched with the tsquery
-- made from core::MatchQuery() (sql_search.cpp); GIN indexes.
CREATE TABLE case_search (
  case_id BIGINT PRIMARY KEY REFERENCES case_ids(id),
  tokens TSVECTOR NOT NULL
);
CREATE INDEX case_search_tokens ON case_search USING GIN (tokens);
CREATE TABLE customer_search (
  customer_id BIGINT PRIMARY KEY REFERENCES customers(id),
  tokens TSVECTOR NOT NULL
);
CREATE INDEX customer_search_tokens ON customer_search USING GIN (tokens);

-- Monthly partitions [from_ms, to_ms) of cases, timeline and audit_log, named
-- <table>_YYYYmMM (UTC months). Existing ones are kept; a month whose rows already sit in the
-- default partition is left there. Serialised by an advisory lock, so several nodes may call
-- it at once. Returns how many partitions it created.
CREATE FUNCTION csqm_ensure_partitions(from_ms BIGINT, to_ms BIGINT) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  month_start TIMESTAMP := date_trunc('month', to_timestamp(from_ms / 1000.0) AT TIME ZONE 'UTC');
  last TIMESTAMP := to_timestamp(to_ms / 1000.0) AT TIME ZONE 'UTC';
  month_end TIMESTAMP;
  lo BIGINT;
  hi BIGINT;
  spec RECORD;
  part TEXT;
  taken BOOLEAN;
  created INTEGER := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(7731002);
  WHILE month_start < last LOOP
    month_end := month_start + INTERVAL '1 month';
    lo := (extract(epoch FROM month_start) * 1000)::BIGINT;
    hi := (extract(epoch FROM month_end) * 1000)::BIGINT;
    FOR spec IN SELECT * FROM (VALUES ('cases', 'created_at'), ('timeline', 'at'),
                                      ('audit_log', 'at')) AS t(tbl, col) LOOP
      part := spec.tbl || '_' || to_char(month_start, 'YYYY"m"MM');
      IF to_regclass(part) IS NULL THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= %s AND %I < %s)',
                       spec.tbl || '_default', spec.col, lo, spec.col, hi) INTO taken;
        IF NOT taken THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)',
                         part, spec.tbl, lo, hi);
          created := created + 1;
        END IF;
      END IF;
    END LOOP;
    month_start := month_end;
  END LOOP;
  RETURN created;
END $$;

-- Sets every id sequence (of every table, later migrations' included) past the largest id in
-- its table, after rows were copied in with their ids (e.g. by csqm copy).
CREATE FUNCTION csqm_sync_sequences() RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  c RECORD;
BEGIN
  FOR c IN SELECT table_name, column_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%' LOOP
    IF pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) IS NOT NULL THEN
      EXECUTE format('SELECT setval(%L, GREATEST((SELECT MAX(%I) FROM %I), 0) + 1, false)',
                     pg_get_serial_sequence(quote_ident(c.table_name), c.column_name),
                     c.column_name, c.table_name);
    END IF;
  END LOOP;
END $$;

-- From the month before now to twelve months ahead; csqm serve extends it at start-up.
SELECT csqm_ensure_partitions(
  (extract(epoch FROM now() - INTERVAL '1 month') * 1000)::BIGINT,
  (extract(epoch FROM now() + INTERVAL '13 months') * 1000)::BIGINT);
