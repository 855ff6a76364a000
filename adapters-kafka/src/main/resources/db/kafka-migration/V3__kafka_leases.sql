-- Issue 24 (ADR 52, ADR 57): leased reads on the Kafka engine, in PostgreSQL beside its cursors, with the meaning
-- the PostgreSQL engine's consumer_cursors.leased_through and consumer_leases have (migration V6 there). A cursor's
-- leased_through is the highest sequence ever leased to its consumer in its topic; 0 for a consumer that never
-- leased, which keeps its one-upsert acknowledgement. Invariant: every sequence in ("offset", leased_through] was
-- leased and has a row in kafka_leases unless it was acknowledged; none above leased_through has one. A constant
-- default rewrites nothing.
alter table kafka_cursors add column leased_through bigint not null default 0;

-- One row per event leased to a consumer above its offset and not acknowledged (an ACK deletes it), per dead letter
-- and per retried dead letter, changed only under the lock of the cursor row (select … for no key update). until:
-- the lease's expiry (LEASED), when the event is leasable again (RELEASED), or when the row last changed. event_id is
-- the Kafka record's key, copied here when the event is first leased, so that an ACK by id never scans a topic. No
-- foreign key: the cursor lock guards the rows, and a check would cost every leased page.
create table kafka_leases (
    topic_id         bigint      not null,
    consumer         text        collate "C" not null,
    sequence         bigint      not null,
    event_id         uuid        not null,
    state            varchar(13) not null,
    deliveries       integer     not null,
    until            timestamptz not null,
    dead_lettered_at timestamptz,
    retried          boolean     not null default false,
    constraint kafka_leases_pkey primary key (topic_id, consumer, sequence),
    constraint kafka_leases_state_check check (state in ('LEASED', 'RELEASED', 'DEAD_LETTERED')),
    constraint kafka_leases_deliveries_check check (deliveries >= 0)
);

-- An ACK, NACK or EXTEND by event id.
create index kafka_leases_event_id on kafka_leases (consumer, event_id);
-- The unfinished rows in sequence order: what is leasable, in flight, and where the offset must stop.
create index kafka_leases_unfinished on kafka_leases (topic_id, consumer, sequence)
    where state in ('LEASED', 'RELEASED');
-- The dead letters, page by page.
create index kafka_leases_dead_letters on kafka_leases (topic_id, consumer, sequence)
    where state = 'DEAD_LETTERED';
