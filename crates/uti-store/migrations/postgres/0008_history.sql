-- The history of the data: every change of an initiative's own fields, a
-- session, a theme or challenge, a report text or the network's name, with
-- who made it, when (Unix seconds), through what (web, api, import, cli),
-- and the record's JSON before and after (NULL when it did not exist). An
-- import writes one row per initiative it adds or changes, holding the
-- whole initiative with its sessions. It is not part of the dataset (an
-- export leaves it out); a backup keeps it.
--
-- A session is known in the history by `sessions.uid`, a key that stays
-- with the session when others before it are removed (its position then
-- changes) and that an import --replace hands on to the session at the
-- same place. Existing sessions get `s` and their row id.
ALTER TABLE sessions ADD COLUMN uid TEXT;
UPDATE sessions SET uid = 's' || id::text;
CREATE UNIQUE INDEX sessions_uid ON sessions (uid);

CREATE TABLE history (
    id            BIGSERIAL PRIMARY KEY,
    at            BIGINT  NOT NULL,
    actor         TEXT    NOT NULL,
    via           TEXT    NOT NULL CHECK (via IN ('web', 'api', 'import', 'cli')),
    record        TEXT    NOT NULL CHECK (record IN ('initiative', 'session', 'term', 'report_text', 'network')),
    action        TEXT    NOT NULL CHECK (action IN ('created', 'changed', 'deleted', 'replaced', 'restored', 'merged')),
    initiative_id TEXT,
    session_uid   TEXT,
    record_key    TEXT,
    restored_from BIGINT,
    doc_before    TEXT,
    doc_after     TEXT
);
CREATE INDEX history_initiative ON history (initiative_id, id);
CREATE INDEX history_session ON history (session_uid, id);
CREATE INDEX history_record ON history (record, record_key, id);
