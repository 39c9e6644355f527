-- Photos of documents and places, addressed by the SHA-256 of their bytes.
CREATE TABLE attachments (
    sha256         TEXT PRIMARY KEY,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    bytes          BLOB NOT NULL,
    region_code    TEXT NOT NULL,
    uploaded_by    TEXT NOT NULL,
    uploaded_at_ms BIGINT NOT NULL
);
