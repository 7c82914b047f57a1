-- The dataset of one learning network (uti-dataset/1). Same shape as the
-- SQLite schema (see migrations/sqlite/0001_dataset.sql for the notes).

CREATE TABLE network (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    name      TEXT NOT NULL
);

CREATE TABLE terms (
    kind     TEXT   NOT NULL CHECK (kind IN ('theme', 'challenge')),
    id       TEXT   NOT NULL,
    position BIGINT NOT NULL,
    name     TEXT   NOT NULL,
    doc      TEXT   NOT NULL,
    version  BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, id)
);

CREATE TABLE initiatives (
    id       TEXT   PRIMARY KEY,
    position BIGINT NOT NULL,
    name     TEXT   NOT NULL,
    doc      TEXT   NOT NULL,
    version  BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX initiatives_position ON initiatives (position);

CREATE TABLE sessions (
    id            BIGSERIAL PRIMARY KEY,
    initiative_id TEXT   NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    position      BIGINT NOT NULL,
    date          TEXT   NOT NULL,
    kind          TEXT   NOT NULL,
    doc           TEXT   NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    UNIQUE (initiative_id, position)
);
