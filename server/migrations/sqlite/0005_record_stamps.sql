-- A record's values are stored as a pull sends them (`{"field": value}`), and the
-- writes that set them apart in `stamps`: each write's clock stamp and change sequence
-- number once, with the fields it set (`[{"h": hlc, "s": seq, "f": [field, ...]}]`).
-- This replaces `{"field": {"v": value, "h": hlc}}` and `field_seqs`. Every expression
-- below reads the row as it was before the update.
ALTER TABLE records ADD COLUMN stamps TEXT NOT NULL DEFAULT '[]';

UPDATE records SET
    stamps = (
        SELECT COALESCE(json_group_array(json_object('h', h, 's', s, 'f', json(names))), '[]')
        FROM (
            SELECT f.value ->> '$.h' AS h,
                   COALESCE(json_extract(records.field_seqs, '$."' || f.key || '"'), 0) AS s,
                   json_group_array(f.key) AS names
            FROM json_each(records.fields) AS f
            GROUP BY h, s
        )
    ),
    fields = (
        SELECT COALESCE(json_group_object(f.key, json(f.value -> '$.v')), '{}')
        FROM json_each(records.fields) AS f
    );

ALTER TABLE records DROP COLUMN field_seqs;
