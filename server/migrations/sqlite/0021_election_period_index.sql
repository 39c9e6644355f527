-- Election periods are read whole, from among every record: their names label a
-- breakdown of the office's counts, their dates the monthly report. Without an index on
-- the kind of record, each such question read every record (about 0.7 s at the design's
-- scale). A partial index holds the few periods alone, and costs the writes of every
-- other record nothing.
CREATE INDEX records_election_periods ON records (id) WHERE entity = 'election_period';
