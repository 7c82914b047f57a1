-- What each revision changed, so that a server holding the dataset in
-- memory can catch up by reading only the initiatives that changed
-- instead of the whole dataset. One row per revision: kind 'initiative'
-- names the one initiative changed; 'dataset' may have changed anything
-- (imports, themes and challenges); 'other' changed nothing the dataset
-- holds (report texts). Old rows are pruned; a server further behind than
-- the rows kept reads everything.
CREATE TABLE changes (
    revision      BIGINT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('initiative', 'dataset', 'other')),
    initiative_id TEXT
);
