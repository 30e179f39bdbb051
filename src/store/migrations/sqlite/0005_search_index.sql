-- Full-text search moves out of this file into csqm-search.db, written by a background indexer
-- (store/sqlite/sqlite_search_index.hpp) so that a durable case commit never waits for FTS5.
-- A write that changes searchable text adds a row here, in its own transaction; the indexer
-- indexes the named case or customer after the commit and deletes the rows it has done.
-- AUTOINCREMENT: ids never go back, so "indexed through id N" stays meaningful.
DROP TABLE case_search;
DROP TABLE customer_search;
CREATE TABLE search_queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL CHECK (entity IN ('case', 'customer')),
  entity_id INTEGER NOT NULL
);
-- Names this database to its search file: a search file of another database (or of a copy
-- made by csqm copy) is rebuilt instead of continued.
CREATE TABLE search_epoch (epoch TEXT NOT NULL);
INSERT INTO search_epoch (epoch) VALUES (lower(hex(randomblob(16))));
