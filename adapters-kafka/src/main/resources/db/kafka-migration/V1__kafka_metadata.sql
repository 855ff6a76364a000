-- Metadata of the Kafka engine (ADR 38), kept in PostgreSQL beside the users and id owners; the events themselves
-- are in Kafka. Its own Flyway history table (kafka_schema_history), so it never mixes with the PostgreSQL engine's.

-- A stream and its producer, written once by the first publish (the claim has one winner: the primary key).
create table kafka_streams (
    name       text        collate "C" not null,
    owner      text        not null,
    -- milliseconds, like Kafka's timestamps: a stream is never created after its first event was received
    created_at timestamptz not null default date_trunc('milliseconds', now()),
    constraint kafka_streams_pkey primary key (name)
);

-- (stream, event name) -> its single-partition topic. ready: the topic was created in Kafka (a row without it is
-- re-created, idempotently, by the next publish). No foreign key to kafka_streams: a first publish that fails
-- removes its stream again, and the topic (empty) is kept for whoever claims the name next.
create table kafka_topics (
    id         bigint      not null,
    stream     text        collate "C" not null,
    event_name text        collate "C" not null,
    topic      text        not null,
    ready      boolean     not null default false,
    created_at timestamptz not null default now(),
    constraint kafka_topics_pkey primary key (id),
    constraint kafka_topics_stream_event_name_key unique (stream, event_name),
    constraint kafka_topics_topic_key unique (topic)
);
create sequence kafka_topics_id_seq owned by kafka_topics.id;

-- A consumer's offset in a topic: the sequence of the newest event it acknowledged (= Kafka offset + 1).
create table kafka_cursors (
    topic_id        bigint      not null references kafka_topics (id),
    consumer        text        collate "C" not null,
    "offset"        bigint      not null,
    acknowledged_at timestamptz not null default now(),
    constraint kafka_cursors_pkey primary key (topic_id, consumer)
);

-- Idempotency keys (ADR 32 on this engine): written before the events are produced, with the ids they will have;
-- stored turns true once Kafka acknowledged every one of them. A row that is not stored belongs to a publish in
-- flight, or to one that died in flight (resolved by looking the ids up in Kafka, ADR 38).
create table kafka_idempotency_keys (
    stream      text        not null,
    producer    text        not null,
    key         text        not null,
    fingerprint text        not null,
    event_ids   uuid[]      not null,
    stored      boolean     not null default false,
    created_at  timestamptz not null default now(),
    constraint kafka_idempotency_keys_pkey primary key (stream, producer, key)
);
