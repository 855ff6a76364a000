-- Issue 25 (ADR 62, ADR 63) on the Kafka engine. Deleting a stream deletes its rows here and then its topics;
-- deleting a consumer deletes its cursor rows; neither needs new structure.
-- A redaction cannot rewrite a Kafka record: the event's redacted document (its name and version only) is kept here,
-- and every read replaces the record's document with it before a reader sees it. The record's bytes stay in Kafka
-- until the topic's own retention removes them, or the stream is deleted (README, engine table).
create table kafka_redactions (
    event_id    uuid        not null,
    stream      text        collate "C" not null,
    document    text        not null,
    redacted_at timestamptz not null default now(),
    constraint kafka_redactions_pkey primary key (event_id)
);
-- A stream's deletion takes its redactions with it.
create index kafka_redactions_stream on kafka_redactions (stream);
