-- Document dates (corpus pass "doc_dates"): the published date, or an honest estimate.
CREATE TABLE doc_dates (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id),
    date TEXT,                        -- ISO date (or YYYY-MM / YYYY at coarser granularity); NULL if unknown
    granularity TEXT,                 -- day, month, year
    inferred INTEGER NOT NULL,        -- 0: given by the source; 1: estimated by marsad
    confidence REAL,
    evidence TEXT NOT NULL DEFAULT '[]'  -- JSON list of {kind, doc_id, text, value}
);
