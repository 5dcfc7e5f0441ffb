-- Entity resolution (corpus pass "resolve"): one row per real-world actor.
CREATE TABLE entities (
    id TEXT PRIMARY KEY,              -- stable: survives re-processing (hash of type + canonical key)
    type TEXT NOT NULL,               -- PER, ORG, LOC, MISC
    name TEXT NOT NULL,               -- canonical Arabic name
    latin TEXT,                       -- Latin form as a newspaper prints it
    mentions INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0,
    attrs TEXT NOT NULL DEFAULT '{}'  -- JSON: merge evidence, subtype (country/city), ...
);
CREATE INDEX entities_type ON entities(type);

CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_alias ON entity_aliases(alias);

-- Each entities-layer span that was resolved, with the titles/roles stripped from it.
CREATE TABLE entity_mentions (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    doc_id TEXT NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '[]', -- JSON list of titles/offices attached to this mention
    PRIMARY KEY (doc_id, start, end)
) WITHOUT ROWID;
CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);

-- Titles and offices over time: one row per (entity, role, document), dated by the document.
CREATE TABLE entity_roles (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    role TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    date TEXT,                        -- the document's (possibly inferred) date
    PRIMARY KEY (entity_id, role, doc_id)
) WITHOUT ROWID;

-- A reviewer's merge/split decisions; replayed on every re-run.
CREATE TABLE entity_decisions (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,             -- 'merge' or 'split'
    args TEXT NOT NULL,               -- JSON: what was merged or split off
    reason TEXT,
    at TEXT NOT NULL
);
