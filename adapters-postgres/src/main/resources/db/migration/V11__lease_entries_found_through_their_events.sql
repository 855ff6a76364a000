-- Issue 24 (ADR 70): an ACK, NACK or EXTEND by event id finds the event through events' own unique index on
-- event_id and its entry through the primary key, so consumer_leases no longer keeps an index of its own by event
-- id: every leased event wrote one entry into it and every acknowledged one left a dead one behind, which the look-up
-- by consumer id then scanned.
drop index consumer_leases_event_id;
