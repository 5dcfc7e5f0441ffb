-- Entity resolution, working tables of the "resolve" pass (added after 002_entities.sql, so a
-- database that already has the contract tables gains these on its next open).

-- What each mention carried besides the name: its clitic, the span as the tagger gave it.
ALTER TABLE entity_mentions ADD COLUMN attrs TEXT NOT NULL DEFAULT '{}';
CREATE INDEX entity_roles_entity ON entity_roles(entity_id);

-- Per document, the mentions grouped into local units (names, roles, clitics, in-document links),
-- so that re-running after new documents costs work only for the new ones.
CREATE TABLE entity_doc_units (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id),
    stamp TEXT NOT NULL,              -- entities layer version and time it was written
    units TEXT NOT NULL               -- JSON list of units
);

-- Latin names already computed (romanising is the slow part of a large run).
CREATE TABLE entity_latin (
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    subtype TEXT NOT NULL DEFAULT '',
    latin TEXT NOT NULL,
    PRIMARY KEY (name, type, subtype)
) WITHOUT ROWID;
