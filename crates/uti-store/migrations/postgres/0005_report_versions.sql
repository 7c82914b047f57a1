-- Saved versions of the report of the network: the dataset it was made
-- from (its JSON export, which regenerates every format exactly) and the
-- introduction and perspective of that moment, numbered 1, 2, 3... per
-- database. `created_at` is in seconds since 1970 (UTC), `date` the
-- report's date (YYYY-MM-DD). The counts are kept for the list.
CREATE TABLE report_versions (
    number      BIGINT PRIMARY KEY,
    created_at  BIGINT NOT NULL,
    date        TEXT NOT NULL,
    label       TEXT,
    author      TEXT NOT NULL,
    dataset     TEXT NOT NULL,
    intro       TEXT NOT NULL,
    perspective TEXT NOT NULL,
    initiatives BIGINT NOT NULL,
    sessions    BIGINT NOT NULL,
    drafts      BIGINT NOT NULL
);
