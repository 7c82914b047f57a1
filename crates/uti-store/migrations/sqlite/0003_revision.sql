-- A counter that every change of the dataset raises, in the same
-- transaction. Web servers compare it with the revision of what they hold
-- in memory (a parsed dataset, its analysis) and reload when it moved, so
-- several servers on one database never serve stale figures.
CREATE TABLE revision (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    n         INTEGER NOT NULL
);
INSERT INTO revision (singleton, n) VALUES (1, 1);
