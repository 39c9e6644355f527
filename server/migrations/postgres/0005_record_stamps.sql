-- A record's values are stored as a pull sends them (`{"field": value}`), and the
-- writes that set them apart in `stamps`: each write's clock stamp and change sequence
-- number once, with the fields it set (`[{"h": hlc, "s": seq, "f": [field, ...]}]`).
-- This replaces `{"field": {"v": value, "h": hlc}}` and `field_seqs`. Every expression
-- below reads the row as it was before the update.
ALTER TABLE records ADD COLUMN stamps TEXT NOT NULL DEFAULT '[]';

UPDATE records SET
    stamps = COALESCE((
        SELECT json_agg(json_build_object('h', g.h, 's', g.s, 'f', g.names))::text
        FROM (
            SELECT f.value ->> 'h' AS h,
                   COALESCE((records.field_seqs::jsonb ->> f.key)::bigint, 0) AS s,
                   json_agg(f.key) AS names
            FROM jsonb_each(records.fields::jsonb) AS f
            GROUP BY 1, 2
        ) AS g
    ), '[]'),
    fields = COALESCE((
        SELECT jsonb_object_agg(f.key, f.value -> 'v')::text
        FROM jsonb_each(records.fields::jsonb) AS f
    ), '{}');

ALTER TABLE records DROP COLUMN field_seqs;
