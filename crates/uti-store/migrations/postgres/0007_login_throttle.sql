-- Failed logins, counted per client address, per name and per name from
-- one address, for known and unknown names alike (see
-- uti-store/src/throttle.rs for the policy). Shared by every server on
-- the database. Nothing here is plain: `name_key` and `address_key` are
-- SHA-256 digests of the name and of the address ('' where the row counts
-- all names or all addresses), so no name of a non-user is stored. A row
-- whose last failure is a day old is forgotten and deleted on the way.
-- Times are Unix milliseconds.
CREATE TABLE login_throttle (
    name_key        TEXT    NOT NULL,
    address_key     TEXT    NOT NULL,
    failures        BIGINT  NOT NULL,
    last_failed_at  BIGINT  NOT NULL,
    PRIMARY KEY (name_key, address_key)
);
CREATE INDEX login_throttle_age ON login_throttle (last_failed_at);

-- The lock per user that this table replaces.
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
