-- Stories (corpus pass "stories"): clusters of articles about one development.
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,              -- main actors, place and dates
    start_date TEXT,
    end_date TEXT,
    size INTEGER NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE story_documents (
    story_id TEXT NOT NULL REFERENCES stories(id),
    doc_id TEXT NOT NULL REFERENCES documents(id),
    score REAL,
    PRIMARY KEY (story_id, doc_id)
) WITHOUT ROWID;
CREATE INDEX story_documents_doc ON story_documents(doc_id);
