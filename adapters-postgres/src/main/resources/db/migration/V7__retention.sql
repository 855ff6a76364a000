-- Issue 25 (ADR 60, ADR 61): retention. A stream's own retention; a stream without a row has the defaults
-- (retention.default-max-age, retention.default-max-events). max_age is the ISO-8601 text as it was given (it is read
-- back as written), max_age_ms the same in milliseconds; null is unlimited. Deleting a stream deletes its row.
create table stream_retention (
    stream_id   bigint       not null references streams (id) on delete cascade,
    max_age     varchar(64),
    max_age_ms  bigint,
    max_events  bigint,
    changed_at  timestamptz  not null default now(),
    constraint stream_retention_pkey primary key (stream_id),
    constraint stream_retention_max_age_check check ((max_age is null) = (max_age_ms is null) and max_age_ms >= 1000),
    constraint stream_retention_max_events_check check (max_events >= 1)
);

-- The lowest sequence still stored of a (stream, event name); no row: 1 (retention removed nothing). Kept apart from
-- the counter row, whose lock every publish takes: a removal locks this row instead (for update skip locked: one
-- process removes from a name at a time), never the counter. Deleting the counter row deletes it.
create table first_sequences (
    event_sequence_id bigint not null references event_sequences (id) on delete cascade,
    first_sequence    bigint not null,
    constraint first_sequences_pkey primary key (event_sequence_id),
    constraint first_sequences_first_sequence_check check (first_sequence >= 1)
);

-- How many events retention removed that the cursor's consumer had not acknowledged, counted by the removal
-- that removed them, under the cursor's lock (ADR 60). A constant default rewrites nothing.
alter table consumer_cursors add column expired_unacknowledged bigint not null default 0;

-- The idempotency keys of removed events go with them: a key and its events were written in one transaction, so its
-- created_at is their received_at, and this index finds the keys of a removed range by time.
create index idempotency_keys_created_at on idempotency_keys (stream_id, created_at);
