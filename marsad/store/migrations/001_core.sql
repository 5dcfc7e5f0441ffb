-- Documents, their annotation layers, the full-text index and what ingest refused.
CREATE TABLE documents (
    seq INTEGER PRIMARY KEY,          -- ingest order; corpus passes resume from the last seq they saw
    id TEXT NOT NULL UNIQUE,          -- hash of the normalised text
    title TEXT,
    text TEXT NOT NULL,               -- raw body, never changed after ingest
    url TEXT,
    outlet TEXT,
    author TEXT,
    published TEXT,                   -- ISO date given by the source; NULL when unknown
    source TEXT,                      -- file (and archive member or line) it came from
    external_id TEXT,                 -- the record's own id, when it had one
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_outlet ON documents(outlet);

CREATE TABLE paragraphs (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

-- Which annotator version produced each document's layer (present even when it found nothing).
CREATE TABLE layers (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, name)
) WITHOUT ROWID;

CREATE TABLE spans (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    layer TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    label TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}'  -- JSON
);
CREATE INDEX spans_doc_layer ON spans(doc_id, layer);
CREATE INDEX spans_layer_label ON spans(layer, label);

CREATE TABLE rejected (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,             -- file, archive member or line that failed
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);

-- Corpus passes remember their version and the last document they processed.
CREATE TABLE pass_state (
    name TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

-- Search keys (see marsad.text.search_key), rowid = documents.seq. Two aligned columns per
-- field: the light stem and the stem with a bare preposition removed.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title_keys, title_alt, body_keys, body_alt,
    content='', tokenize='unicode61 remove_diacritics 0'
);
