-- What the researchers write for the report of the network (Markdown): the
-- introduction and the perspective. One row per text, made here; an empty
-- body is a text not written yet. `version` guards edits like those of
-- initiatives and sessions.
CREATE TABLE report_texts (
    name    TEXT PRIMARY KEY,
    body    TEXT NOT NULL,
    version INTEGER NOT NULL
);
INSERT INTO report_texts (name, body, version) VALUES ('intro', '', 1), ('perspective', '', 1);
