-- Events merged across documents (corpus pass "merge_events").
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,               -- PLOVER type, or STATEMENT / DENIAL
    mode TEXT,                        -- PLOVER mode: visit, meeting, call, military, humanitarian, ...
    cameo TEXT,
    actor_entity TEXT,                -- entities.id where resolved
    actor_text TEXT,
    recipient_entity TEXT,
    recipient_text TEXT,
    place_entity TEXT,
    place_text TEXT,
    date TEXT,                        -- ISO value (day, month, week, year) or NULL
    date_end TEXT,                    -- for ranges
    granularity TEXT,
    date_inferred INTEGER NOT NULL DEFAULT 0,
    date_evidence TEXT,               -- why this date: 'text', 'published', or the matched report it came from
    negated INTEGER NOT NULL DEFAULT 0,
    hypothetical INTEGER NOT NULL DEFAULT 0,
    confidence REAL,
    reports INTEGER NOT NULL DEFAULT 0,
    independent_reports INTEGER NOT NULL DEFAULT 0,
    attrs TEXT NOT NULL DEFAULT '{}'  -- JSON: casualties, value, participants, ...
);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_type ON events(type);

-- Every report of an event: the document, its evidence, and who says so.
CREATE TABLE event_reports (
    event_id TEXT NOT NULL REFERENCES events(id),
    doc_id TEXT NOT NULL REFERENCES documents(id),
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    source_text TEXT,                 -- who says so, as written
    source_type TEXT,                 -- official, named_person, anonymous, media, agency, unattributed
    stance TEXT,                      -- assert, deny, no_comment
    is_reprint INTEGER NOT NULL DEFAULT 0,
    origin_doc TEXT,                  -- the document it was reprinted from
    report_date TEXT,                 -- this report's own date (ISO value, may be a range start/end)
    date_source TEXT,                 -- text, published, none, matched (taken from a dated report of the
                                      -- same event), document (the undated document's estimated date)
    trigger_text TEXT,
    confidence REAL,
    attrs TEXT NOT NULL DEFAULT '{}', -- JSON: the event span's attrs (actor, recipient, place, claim, ...)
    PRIMARY KEY (event_id, doc_id, trigger_start)
) WITHOUT ROWID;
CREATE INDEX event_reports_doc ON event_reports(doc_id);
