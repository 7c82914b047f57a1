-- The landscape's records (uti's additions to uti-dataset/1): organisations
-- (kind 'organisation'), relations between initiatives ('relation', id
-- `FROM>KIND>TO`), the action agenda's goals and activities ('goal',
-- 'activity') and development coalitions ('coalition'). As elsewhere, `doc`
-- holds the record as written in a dataset and `position` the file's order.
CREATE TABLE landscape (
    kind     TEXT    NOT NULL CHECK (kind IN ('organisation', 'relation', 'goal', 'activity', 'coalition')),
    id       TEXT    NOT NULL,
    position INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    doc      TEXT    NOT NULL,
    version  INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, id)
);

-- The history records them too (record 'landscape', record_key KIND/ID).
-- SQLite cannot change a CHECK: the table is made again with its rows.
CREATE TABLE history_next (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            INTEGER NOT NULL,
    actor         TEXT    NOT NULL,
    via           TEXT    NOT NULL CHECK (via IN ('web', 'api', 'import', 'cli')),
    record        TEXT    NOT NULL CHECK (record IN ('initiative', 'session', 'term', 'report_text', 'network', 'landscape')),
    action        TEXT    NOT NULL CHECK (action IN ('created', 'changed', 'deleted', 'replaced', 'restored', 'merged')),
    initiative_id TEXT,
    session_uid   TEXT,
    record_key    TEXT,
    restored_from INTEGER,
    doc_before    TEXT,
    doc_after     TEXT
);
INSERT INTO history_next SELECT id, at, actor, via, record, action, initiative_id, session_uid,
    record_key, restored_from, doc_before, doc_after FROM history;
DROP TABLE history;
ALTER TABLE history_next RENAME TO history;
CREATE INDEX history_initiative ON history (initiative_id, id);
CREATE INDEX history_session ON history (session_uid, id);
CREATE INDEX history_record ON history (record, record_key, id);
