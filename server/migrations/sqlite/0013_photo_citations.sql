-- Which live records show which photo: a photo may be read by whoever may read a record
-- that cites it, and only then. Written by the push in the same transaction as the
-- records, so a read never sees a photo's citations out of step with its records.
CREATE TABLE photo_citations (
    sha256       TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    region_code  TEXT NOT NULL
);
CREATE INDEX photo_citations_sha ON photo_citations (sha256);
CREATE INDEX photo_citations_record ON photo_citations (record_id);

INSERT INTO photo_citations (sha256, record_id, region_code)
SELECT DISTINCT cited.value, r.id, r.region_code
FROM records r, json_each(r.fields, '$.photos') AS cited
WHERE r.deleted = 0 AND cited.type = 'text';

INSERT INTO photo_citations (sha256, record_id, region_code)
SELECT json_extract(r.fields, '$.photo'), r.id, r.region_code
FROM records r
WHERE r.deleted = 0 AND json_type(r.fields, '$.photo') = 'text';
