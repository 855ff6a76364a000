-- Issue 24 (ADR 70). An ACK, NACK or EXTEND by event id finds the event through events' own unique index on
-- event_id and its entry through the primary key, so consumer_leases no longer keeps an index of its own by event
-- id: every leased event wrote one entry into it and every acknowledged one left a dead one behind, which the look-up
-- by consumer id then scanned.
drop index consumer_leases_event_id;

-- The retried dead letters that are unfinished, few: a leased read asks whether one is leasable apart from the
-- entries above the offset, so that neither look-up walks the entries of events acknowledged below it.
create index consumer_leases_retried on consumer_leases (event_sequence_id, consumer_id, sequence)
    where retried and state in ('LEASED', 'RELEASED');
