-- The fact-check round and publication (uti-store/src/checks.rs and
-- publications.rs). Times are seconds since 1970 (UTC), dates YYYY-MM-DD.
-- Ids are numbered 1, 2, 3... by the store within its write transaction.

-- A round: one portrait or all portraits of a report version put to the
-- initiatives, with a closing date and a message.
CREATE TABLE check_rounds (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    message         TEXT NOT NULL,
    closes_on       TEXT NOT NULL,
    report_version  INTEGER,
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);

-- One portrait in a round. `data` is the portrait's data as sent (a
-- dataset in the dataset format holding that initiative only, without
-- drafts and session notes) and `fingerprint` its SHA-256: what the
-- contact reads, and what an answer was given on. `sent_count` counts
-- the versions put to the contact. The answer (`verdict`: akkoord,
-- akkoord_met_wijzigingen, wijzigingen_nodig) may change until the
-- researcher acts (`handled_at`). `version` guards changes.
CREATE TABLE checks (
    id                  INTEGER PRIMARY KEY,
    round_id            INTEGER NOT NULL REFERENCES check_rounds (id),
    initiative_id       TEXT NOT NULL,
    status              TEXT NOT NULL,
    data                TEXT NOT NULL,
    fingerprint         TEXT NOT NULL,
    sent_count          INTEGER NOT NULL,
    sent_by             TEXT NOT NULL,
    sent_at             INTEGER NOT NULL,
    verdict             TEXT,
    verdict_remark      TEXT,
    verdict_by          TEXT,
    verdict_at          INTEGER,
    verdict_fingerprint TEXT,
    handled_at          INTEGER,
    reminded_at         INTEGER,
    version             INTEGER NOT NULL
);
CREATE INDEX checks_initiative ON checks (initiative_id);
CREATE INDEX checks_round ON checks (round_id);

-- Personal links for contacts without an account: only the SHA-256 of
-- the token is kept; `hint` is its first characters, to tell links apart.
CREATE TABLE check_links (
    digest      TEXT PRIMARY KEY,
    check_id    INTEGER NOT NULL REFERENCES checks (id),
    hint        TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX check_links_check ON check_links (check_id);

-- What was said in a check: comments and replies (a thread per section),
-- and suggestions (a replacement text for one text of the portrait's data,
-- `target`, with the text it would replace, `original`), each made on
-- the version with `fingerprint`. A suggestion is open, accepted or
-- rejected (with a reason).
CREATE TABLE check_notes (
    id           INTEGER PRIMARY KEY,
    check_id     INTEGER NOT NULL REFERENCES checks (id),
    section      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    parent_id    INTEGER,
    author_kind  TEXT NOT NULL,
    author       TEXT NOT NULL,
    body         TEXT NOT NULL,
    target       TEXT,
    original     TEXT,
    proposed     TEXT,
    fingerprint  TEXT NOT NULL,
    state        TEXT,
    decided_by   TEXT,
    decided_at   INTEGER,
    reason       TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX check_notes_check ON check_notes (check_id);

-- Who did what to a check, and when: the status history.
CREATE TABLE check_events (
    id          INTEGER PRIMARY KEY,
    check_id    INTEGER NOT NULL REFERENCES checks (id),
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    status      TEXT NOT NULL,
    what        TEXT NOT NULL
);
CREATE INDEX check_events_check ON check_events (check_id);

-- What the public reads. A portrait's publication keeps its data as
-- published (like checks.data), so it stays as it was until it is
-- published again; a report version's keeps only its number (report
-- versions are frozen). `approved` says whether it was approved;
-- without approval `reason` says why it was published anyway. The
-- current publication of a thing is its latest row without
-- `withdrawn_at`.
CREATE TABLE publications (
    id              INTEGER PRIMARY KEY,
    initiative_id   TEXT,
    report_version  INTEGER,
    name            TEXT NOT NULL,
    data            TEXT,
    fingerprint     TEXT,
    approved        INTEGER NOT NULL,
    reason          TEXT,
    published_by    TEXT NOT NULL,
    published_at    INTEGER NOT NULL,
    withdrawn_by    TEXT,
    withdrawn_at    INTEGER
);
CREATE INDEX publications_initiative ON publications (initiative_id);
