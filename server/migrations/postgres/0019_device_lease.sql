-- The server's part of each tablet's data key (32 random bytes in hex), handed out at
-- sign-in and with every lease renewal. A tablet needs it, beside the officer's PIN, to
-- unwrap its data key; a revoked device is never given it again.
ALTER TABLE devices ADD COLUMN lease_share TEXT;
