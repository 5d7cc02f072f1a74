-- The report reads only these columns: covering indexes let it skip the wide rows
-- (message bodies, findings JSON), which makes it several times faster on a large store.
DROP INDEX checks_at;
CREATE INDEX checks_summary ON checks (at, score, anti_patterns, missing);
DROP INDEX cases_opened_at;
CREATE INDEX cases_summary ON cases (opened_at, category, first_response_secs,
    first_response_target_secs, closed_at, satisfaction);
