-- Sign-in attempts, kept in the database so the limit holds across restarts and across
-- several server processes. An attempt is written before its password is checked and
-- removed when it succeeds, so what remains within the window are failures and attempts
-- still being checked. `key` is `user:<username>` or `addr:<client address>`.
CREATE TABLE login_attempts (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    key   TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key, at_ms);
CREATE INDEX login_attempts_at ON login_attempts (at_ms);
