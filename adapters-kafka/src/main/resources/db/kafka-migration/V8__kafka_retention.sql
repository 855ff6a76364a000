-- Issue 25 (ADR 60) on the Kafka engine. V4 and V6 stay unused: Flyway refuses a database that ran V5/V7 and then
-- meets a lower version it never applied.

-- A stream's own retention, as the PostgreSQL engine's stream_retention keeps it: max_age as written (P7D reads back
-- as P7D) and in milliseconds; null is unlimited. A row replaces the server's defaults entirely.
create table kafka_stream_retention (
    stream     text        collate "C" not null references kafka_streams (name),
    max_age    text,
    max_age_ms bigint,
    max_events bigint,
    changed_at timestamptz not null default now(),
    constraint kafka_stream_retention_pkey primary key (stream),
    constraint kafka_stream_retention_max_age_ms_check check (max_age_ms >= 1000),
    constraint kafka_stream_retention_max_events_check check (max_events >= 1)
);

-- The first sequence of a topic that retention accounted: events below it are removed for every reader, and each
-- cursor of the topic counted those of them its consumer had not acknowledged. Kafka's log start follows it (the
-- removal's deleteRecords comes after the commit) or, when Kafka removed segments on its own (retention.ms), leads
-- it until the next sweep step accounts the difference. Missing = 1. Locked by a removal step (for update skip
-- locked), so that two nodes never account one range twice; no publish or read takes this lock.
-- retention_ms: the topic config retention.ms a node last set (the stream's maxAge; -1, unlimited, is what a topic
-- is created with), so that every node knows which topics need a change without asking Kafka.
create table kafka_first_sequences (
    topic_id       bigint not null,
    first_sequence bigint not null,
    retention_ms   bigint not null default -1,
    constraint kafka_first_sequences_pkey primary key (topic_id),
    constraint kafka_first_sequences_first_sequence_check check (first_sequence >= 1)
);

-- How many events retention removed that the cursor's consumer had not acknowledged (ADR 60). A constant default
-- rewrites nothing.
alter table kafka_cursors add column expired_unacknowledged bigint not null default 0;
