-- Times of undated documents, re-resolved against their inferred date (corpus pass "doc_dates").
CREATE TABLE doc_times (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,           -- raw offsets of the expression (as in the times layer)
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    value TEXT,                       -- resolved against the inferred date; NULL if still unknown
    granularity TEXT,
    flags TEXT NOT NULL DEFAULT '[]', -- JSON list; always holds "inferred_anchor"
    PRIMARY KEY (doc_id, start, "end")
);

-- Dating evidence from other components (e.g. the events pass: a dated article reports the
-- same event). The doc_dates pass weighs it with its own on its next run.
CREATE TABLE doc_date_evidence (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    kind TEXT NOT NULL,               -- e.g. "same_event"
    other_doc TEXT,                   -- the document the evidence comes from
    value TEXT NOT NULL,              -- ISO date, YYYY-MM or YYYY
    confidence REAL NOT NULL,
    text TEXT                         -- the words the evidence rests on
);
CREATE INDEX doc_date_evidence_doc ON doc_date_evidence(doc_id);
