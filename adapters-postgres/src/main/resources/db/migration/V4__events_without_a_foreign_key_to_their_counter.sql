-- ADR 41: an event's counter row is the one the same statement numbered it from (the append statement takes
-- event_sequence_id from the counter upsert it returns), and counter rows are never deleted, so the foreign key
-- could never fail; its check was a trigger and a locking look-up per inserted row (batches of 100 at 16
-- connections: 38,000-40,000 events/s with it, 50,000-54,000 without). Compatible with the previous release, which
-- never relied on it.
alter table events drop constraint if exists events_event_sequence_id_fkey;
