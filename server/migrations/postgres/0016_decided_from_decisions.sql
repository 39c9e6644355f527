-- The decided stage of the `actions` measure now comes from the office's decision
-- records, no longer from a finding's own `decided_action`: the counted units are built
-- again from the records at the next refresh.
DELETE FROM settings
WHERE key IN ('stat_units_seq', 'stat_units_build_seq', 'stat_units_build_after');
