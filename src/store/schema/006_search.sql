-- 006_search.sql — the search index (docs/ARCHITECTURE.md, "Search"). One row per searchable
-- record in search_docs: its kind ('project', 'problem', 'unit', …), id, pairing, title as
-- stored, and its text in three weighted fields — head (the name: weight highest), keys (key
-- facts: investor, codes, people, platform) and body (notes, detail). The rows are derived:
-- store/search_index.c writes them in the same transaction as the record, `duikou search
-- --rebuild` rewrites them all, and `duikou copy` rebuilds them instead of copying them.
-- The text is folded and tokenized by duikou (search/tokenize.h) on both backends: SQLite's FTS5
-- table uses duikou's own tokenizer; PostgreSQL's tsv column holds the same tokens, written by C.
-- A database that held records before this migration gets its index built from them:
-- search: rebuild

CREATE TABLE search_docs (
  id          {{id}},
  kind        TEXT NOT NULL,
  record_id   BIGINT NOT NULL,
  pairing_id  BIGINT NOT NULL REFERENCES pairings(id),
  title       TEXT NOT NULL,
  head        TEXT,
  keys        TEXT,
  body        TEXT,
  UNIQUE (kind, record_id)
);
CREATE INDEX search_docs_pairing ON search_docs(pairing_id, kind);

-- dialect: sqlite
-- An external-content FTS5 table over search_docs, kept in step by triggers.
CREATE VIRTUAL TABLE search_fts USING fts5(head, keys, body, content='search_docs', content_rowid='id',
  tokenize='duikou');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_fts (rowid, head, keys, body) VALUES (new.id, new.head, new.keys, new.body);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_fts (search_fts, rowid, head, keys, body) VALUES ('delete', old.id, old.head, old.keys, old.body);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
  INSERT INTO search_fts (search_fts, rowid, head, keys, body) VALUES ('delete', old.id, old.head, old.keys, old.body);
  INSERT INTO search_fts (rowid, head, keys, body) VALUES (new.id, new.head, new.keys, new.body);
END;

-- dialect: postgres
-- The tokens as a tsvector (simple configuration: nothing is stemmed; the tokens are already
-- folded), weights A/B/D for head/keys/body, under a GIN index.
ALTER TABLE search_docs ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
