-- Teams, the people who sign in, their tokens, which team a case belongs to, and the replies a
-- lead marked as exemplary. Cases that existed before teams belong to the team `default`.

CREATE TABLE teams (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
INSERT INTO teams (name, created_at) VALUES ('default', 0);

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    name          TEXT,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'lead', 'admin')),
    team_id       BIGINT NOT NULL REFERENCES teams (id),
    -- Argon2id, as a PHC string.
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX users_team ON users (team_id);

-- Only the SHA-256 of a token's secret is kept: a copy of the database signs nobody in.
CREATE TABLE tokens (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL CHECK (kind IN ('api', 'session')),
    name        TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT,
    last_used_at BIGINT
);
CREATE INDEX tokens_user ON tokens (user_id);

ALTER TABLE cases ADD COLUMN team_id BIGINT REFERENCES teams (id);
UPDATE cases SET team_id = (SELECT id FROM teams WHERE name = 'default');
CREATE INDEX cases_team ON cases (team_id, opened_at);

CREATE TABLE exemplars (
    message_id BIGINT PRIMARY KEY REFERENCES messages (id),
    starred_by BIGINT REFERENCES users (id),
    note       TEXT,
    starred_at BIGINT NOT NULL
);
