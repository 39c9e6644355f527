-- Officers sign what they finalize; the server keeps the signed records in an
-- append-only Merkle log (RFC 6962) and answers each with a signed receipt.

-- A device's Ed25519 public keys, each bound to the officer who registered it.
CREATE TABLE device_keys (
    device_id        TEXT NOT NULL,
    public_key       TEXT NOT NULL,
    officer_id       TEXT NOT NULL,
    registered_at_ms BIGINT NOT NULL,
    PRIMARY KEY (device_id, public_key)
);

-- One signed record per row, in log order from 1. `leaf_hash` covers every column that
-- went into the leaf; `root` and `receipt_signature` are the receipt the device holds.
-- The leaf covers the statement by its digest: when retention erases the record, the
-- statement's text (personal data) goes too, `erased_at_ms` says when, and the log
-- still re-computes.
CREATE TABLE signed_log (
    log_index         BIGINT PRIMARY KEY,
    entity            TEXT NOT NULL,
    record_id         TEXT NOT NULL,
    op_id             TEXT NOT NULL,
    change_seq        BIGINT NOT NULL,
    change_digest     TEXT NOT NULL,
    public_key        TEXT NOT NULL,
    statement         TEXT,
    statement_digest  TEXT NOT NULL,
    signature         TEXT NOT NULL,
    logged_at_ms      BIGINT NOT NULL,
    leaf_hash         TEXT NOT NULL,
    root              TEXT NOT NULL,
    receipt_signature TEXT NOT NULL,
    erased_at_ms      BIGINT
);
CREATE INDEX signed_log_record ON signed_log (record_id);

-- The roots of the log's perfect subtrees, one per set bit of its size: appending
-- reads these few rows, never the whole log.
CREATE TABLE signed_log_frontier (
    level INTEGER PRIMARY KEY,
    hash  TEXT NOT NULL
);

-- The log's size and root as last appended: a log cut short no longer reaches it.
CREATE TABLE signed_log_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    tree_size BIGINT NOT NULL,
    root      TEXT NOT NULL
);

-- Every key the server has signed receipts with, noted at its first receipt: a server
-- restored without its key file makes a new one, and the receipts it gave before still
-- check against the old.
CREATE TABLE log_keys (
    public_key    TEXT PRIMARY KEY,
    first_used_ms BIGINT NOT NULL
);
