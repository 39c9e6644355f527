-- Which operation each inspection was made under (server/src/db/stat_units.rs): an
-- operation's page reads its inspections through this column instead of reading every
-- inspection's fields. Kept with the other links, from the change log, so a push pays
-- nothing for it; only inspections under an operation have a row for it.
ALTER TABLE stat_links ADD COLUMN operation_id TEXT;
CREATE INDEX stat_links_operation ON stat_links (operation_id) WHERE operation_id IS NOT NULL;

-- The few operations are read whole, from among every record (as election periods are).
CREATE INDEX records_operations ON records (id) WHERE entity = 'operation';
