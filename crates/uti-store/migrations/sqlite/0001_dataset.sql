-- The dataset of one learning network (uti-dataset/1).
-- Each record keeps its full content as JSON in `doc` (the source of truth
-- for export); the other columns are copies for ordering and lookup.
-- `position` keeps the order of the imported file, so that an export
-- writes records back in the order they came in.

-- The network's name: at most one row.
CREATE TABLE network (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    name      TEXT NOT NULL
);

-- Themes (kind 'theme') and shared challenges (kind 'challenge').
CREATE TABLE terms (
    kind     TEXT    NOT NULL CHECK (kind IN ('theme', 'challenge')),
    id       TEXT    NOT NULL,
    position INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    doc      TEXT    NOT NULL,
    version  INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, id)
);

-- Initiatives; `doc` holds every key but `sessions`.
CREATE TABLE initiatives (
    id       TEXT    PRIMARY KEY,
    position INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    doc      TEXT    NOT NULL,
    version  INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX initiatives_position ON initiatives (position);

-- Reflexive sessions, in the order of their initiative's list.
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    initiative_id TEXT    NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    date          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    doc           TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (initiative_id, position)
);
