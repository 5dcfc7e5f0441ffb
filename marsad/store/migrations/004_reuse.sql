-- Reuse (corpus pass "reuse"): near-duplicate documents and reused passages.
CREATE TABLE duplicate_groups (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id),
    group_id TEXT NOT NULL,           -- id of the group's original (earliest) document
    similarity REAL NOT NULL
);
CREATE INDEX duplicate_groups_group ON duplicate_groups(group_id);

-- One passage of document a reappears in document b.
CREATE TABLE reuse_links (
    id INTEGER PRIMARY KEY,
    a_doc TEXT NOT NULL REFERENCES documents(id),
    a_start INTEGER NOT NULL,
    a_end INTEGER NOT NULL,
    b_doc TEXT NOT NULL REFERENCES documents(id),
    b_start INTEGER NOT NULL,
    b_end INTEGER NOT NULL,
    similarity REAL NOT NULL,
    direction TEXT NOT NULL           -- 'a->b': a is earlier and b reprints it; 'undecided': no dates to tell
);
CREATE INDEX reuse_links_a ON reuse_links(a_doc);
CREATE INDEX reuse_links_b ON reuse_links(b_doc);

-- Per-document detector state, so a later run profiles only new documents: the MinHash
-- signature (uint32 array) and the sorted distinct key hashes (int64 array) of each document.
CREATE TABLE reuse_signatures (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id),
    seq INTEGER NOT NULL,
    minhash BLOB NOT NULL,
    keys BLOB NOT NULL
);
CREATE INDEX reuse_signatures_seq ON reuse_signatures(seq);
