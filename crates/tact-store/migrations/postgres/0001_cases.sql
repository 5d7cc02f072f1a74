-- Cases, their messages, the checks of our replies, promises and lessons.
-- Times are seconds since the Unix epoch (UTC); JSON is stored as text.

CREATE TABLE cases (
    id                  BIGSERIAL PRIMARY KEY,
    external_id         TEXT UNIQUE,
    customer            TEXT,
    channel             TEXT NOT NULL DEFAULT 'email',
    opened_at           BIGINT NOT NULL,
    category            TEXT,
    urgency             TEXT,
    situation           TEXT,
    triage              TEXT,
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    first_response_at   BIGINT,
    first_response_secs BIGINT,
    first_response_target_secs BIGINT,
    closed_at           BIGINT,
    resolution          TEXT,
    satisfaction        BIGINT
);
CREATE INDEX cases_opened_at ON cases (opened_at);

CREATE TABLE messages (
    id        BIGSERIAL PRIMARY KEY,
    case_id   BIGINT NOT NULL REFERENCES cases (id),
    direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    author    TEXT,
    at        BIGINT NOT NULL,
    body      TEXT NOT NULL
);
CREATE INDEX messages_case ON messages (case_id, at);

CREATE TABLE checks (
    message_id    BIGINT PRIMARY KEY REFERENCES messages (id),
    case_id       BIGINT NOT NULL REFERENCES cases (id),
    at            BIGINT NOT NULL,
    score         BIGINT NOT NULL,
    situation     TEXT NOT NULL,
    channel       TEXT NOT NULL,
    components    TEXT NOT NULL,
    missing       TEXT NOT NULL,
    anti_patterns TEXT NOT NULL,
    findings      TEXT NOT NULL
);
CREATE INDEX checks_at ON checks (at);

CREATE TABLE promises (
    id          BIGSERIAL PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    message_id  BIGINT NOT NULL REFERENCES messages (id),
    text        TEXT NOT NULL,
    due_text    TEXT NOT NULL,
    made_at     BIGINT NOT NULL,
    due_at      BIGINT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_at     BIGINT,
    note        TEXT,
    claimed_by  TEXT,
    claimed_at  BIGINT
);
CREATE INDEX promises_due ON promises (status, due_at);
CREATE INDEX promises_case ON promises (case_id);

CREATE TABLE lessons (
    id          BIGSERIAL PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    root_cause  TEXT,
    prevention  TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX lessons_case ON lessons (case_id);

CREATE TABLE import_keys (
    key         TEXT PRIMARY KEY,
    message_id  BIGINT NOT NULL REFERENCES messages (id),
    imported_at BIGINT NOT NULL
);
