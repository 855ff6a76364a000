-- Issue 29 (ADR 44): a stream's description carries its 100 event names with the newest events, and when the newest
-- event of all arrived. The counter row the append statement updates anyway now also keeps when its newest event
-- was received (the same now() as the event's received_at), so both come from the counter rows alone, without a
-- look-up of each name's newest event. Rolling upgrades: a node of the previous release does not set it, so a name
-- published to only by such nodes shows an older time until a node of this release publishes to it; the default
-- covers the names they create.
alter table event_sequences add column last_event_at timestamptz not null default now();
update event_sequences q set last_event_at = e.received_at
from events e
where e.event_sequence_id = q.id and e.sequence = q.last_sequence;
