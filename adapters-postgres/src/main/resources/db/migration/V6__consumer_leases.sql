-- Issue 24 (ADR 52): leased reads. A cursor's leased_through is the highest sequence ever leased to its consumer
-- for its (stream, event name); 0 for a consumer that never leased, which keeps its one-upsert acknowledgement.
-- Invariant: every sequence in (acknowledged_sequence, leased_through] was leased and has a row in consumer_leases
-- unless it was acknowledged (an acknowledged event keeps no row); none above leased_through has one. Adding a column with a constant default rewrites nothing (PostgreSQL 11+).
alter table consumer_cursors add column leased_through bigint not null default 0;

-- One row per event leased to a consumer above its offset and not acknowledged (an ACK deletes it), per dead letter
-- (kept until retried, acknowledged or deleted, also at or below the offset), and per retried dead letter. Every change happens under the lock of the
-- cursor row (select … for update), in the transaction that moves the offset. until: the lease's expiry (LEASED),
-- when the event is leasable again (RELEASED), or when the row last changed. event_id lets an ACK by id find the row
-- without the look-up of the event. No foreign keys: the cursor lock guards the rows, and checks cost every insert
-- (ADR 41).
create table consumer_leases (
    event_sequence_id bigint       not null,
    consumer_id       varchar(255) not null,
    sequence          bigint       not null,
    event_id          uuid         not null,
    state             varchar(13)  not null,
    deliveries        integer      not null,
    until             timestamptz  not null,
    dead_lettered_at  timestamptz,
    retried           boolean      not null default false,
    constraint consumer_leases_pkey primary key (event_sequence_id, consumer_id, sequence),
    constraint consumer_leases_state_check
        check (state in ('LEASED', 'RELEASED', 'DEAD_LETTERED')),
    constraint consumer_leases_deliveries_check check (deliveries >= 0)
);

-- An ACK, NACK or EXTEND by event id.
create index consumer_leases_event_id on consumer_leases (consumer_id, event_id);
-- The unfinished rows, in sequence order: what is leasable, in flight, and where the offset must stop; dead letters
-- are never scanned for it.
create index consumer_leases_unfinished on consumer_leases (event_sequence_id, consumer_id, sequence)
    where state in ('LEASED', 'RELEASED');
-- The dead letters, page by page.
create index consumer_leases_dead_letters on consumer_leases (event_sequence_id, consumer_id, sequence)
    where state = 'DEAD_LETTERED';
