-- The landscape's records (uti's additions to uti-dataset/1): organisations
-- (kind 'organisation'), relations between initiatives ('relation', id
-- `FROM>KIND>TO`), the action agenda's goals and activities ('goal',
-- 'activity') and development coalitions ('coalition'). As elsewhere, `doc`
-- holds the record as written in a dataset and `position` the file's order.
CREATE TABLE landscape (
    kind     TEXT    NOT NULL CHECK (kind IN ('organisation', 'relation', 'goal', 'activity', 'coalition')),
    id       TEXT    NOT NULL,
    position BIGINT  NOT NULL,
    name     TEXT    NOT NULL,
    doc      TEXT    NOT NULL,
    version  BIGINT  NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, id)
);

-- The history records them too (record 'landscape', record_key KIND/ID).
ALTER TABLE history DROP CONSTRAINT history_record_check;
ALTER TABLE history ADD CONSTRAINT history_record_check
    CHECK (record IN ('initiative', 'session', 'term', 'report_text', 'network', 'landscape'));
