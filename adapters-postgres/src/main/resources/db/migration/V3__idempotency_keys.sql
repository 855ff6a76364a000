-- Idempotency keys of publishes (ADR 32): one row per (stream, producer id, key), written in the transaction that
-- stores the request's events and kept as long as they are (events are never deleted). fingerprint: SHA-256 of the
-- request body; event_ids: the ids the first request was answered with, in its order.
create table idempotency_keys (
    stream_id   bigint       not null references streams (id),
    producer_id varchar(255) not null,
    key         varchar(255) not null,
    fingerprint bytea        not null,
    event_ids   uuid[]       not null,
    created_at  timestamptz  not null default now(),
    constraint idempotency_keys_pkey primary key (stream_id, producer_id, key)
);
