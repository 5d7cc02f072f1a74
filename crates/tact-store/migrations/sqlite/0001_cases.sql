-- Cases, their messages, the checks of our replies, promises and lessons.
-- Times are seconds since the Unix epoch (UTC); JSON is stored as text.

CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id         TEXT UNIQUE,
    customer            TEXT,
    channel             TEXT NOT NULL DEFAULT 'email',
    opened_at           INTEGER NOT NULL,
    category            TEXT,
    urgency             TEXT,
    situation           TEXT,
    triage              TEXT,
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    first_response_at   INTEGER,
    first_response_secs INTEGER,
    first_response_target_secs INTEGER,
    closed_at           INTEGER,
    resolution          TEXT,
    satisfaction        INTEGER
);
CREATE INDEX cases_opened_at ON cases (opened_at);

CREATE TABLE messages (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    author    TEXT,
    at        INTEGER NOT NULL,
    body      TEXT NOT NULL
);
CREATE INDEX messages_case ON messages (case_id, at);

CREATE TABLE checks (
    message_id    INTEGER PRIMARY KEY REFERENCES messages (id),
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    at            INTEGER NOT NULL,
    score         INTEGER NOT NULL,
    situation     TEXT NOT NULL,
    channel       TEXT NOT NULL,
    components    TEXT NOT NULL,
    missing       TEXT NOT NULL,
    anti_patterns TEXT NOT NULL,
    findings      TEXT NOT NULL
);
CREATE INDEX checks_at ON checks (at);

CREATE TABLE promises (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    message_id  INTEGER NOT NULL REFERENCES messages (id),
    text        TEXT NOT NULL,
    due_text    TEXT NOT NULL,
    made_at     INTEGER NOT NULL,
    due_at      INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_at     INTEGER,
    note        TEXT,
    claimed_by  TEXT,
    claimed_at  INTEGER
);
CREATE INDEX promises_due ON promises (status, due_at);
CREATE INDEX promises_case ON promises (case_id);

CREATE TABLE lessons (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    root_cause  TEXT,
    prevention  TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX lessons_case ON lessons (case_id);

CREATE TABLE import_keys (
    key         TEXT PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES messages (id),
    imported_at INTEGER NOT NULL
);
