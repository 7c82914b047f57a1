-- Accounts of the web workspace: users with a role, the initiatives an
-- initiative contact is linked to, login sessions and personal API
-- tokens. Sessions live here (not in a server's memory), so several web
-- servers on one PostgreSQL database share them. Secrets are stored only
-- as hashes: passwords as argon2id PHC strings, session ids and tokens as
-- SHA-256 in hex. Times are Unix seconds.

CREATE TABLE users (
    name           TEXT    PRIMARY KEY,
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'researcher', 'contact', 'reader')),
    password_hash  TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    failed_logins  BIGINT  NOT NULL DEFAULT 0,
    locked_until   BIGINT  NOT NULL DEFAULT 0
);

-- Which initiatives an initiative contact speaks for (no foreign key: an
-- initiative replaced by an import keeps its contacts).
CREATE TABLE user_initiatives (
    user_name      TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    initiative_id  TEXT NOT NULL,
    PRIMARY KEY (user_name, initiative_id)
);

CREATE TABLE login_sessions (
    id_hash     TEXT    PRIMARY KEY,
    user_name   TEXT    NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    csrf        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX login_sessions_user ON login_sessions (user_name);

CREATE TABLE api_tokens (
    id_hash     TEXT    PRIMARY KEY,
    user_name   TEXT    NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    prefix      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_name);
