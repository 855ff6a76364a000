-- JSON Schemas of event payloads, one per (stream, event name, version) (issue 26, ADR 66): metadata, so beside
-- the other metadata in PostgreSQL, not in a topic. Named apart from the PostgreSQL engine's payload_schemas, since
-- both engines' migrations may run on one database.
create table kafka_payload_schemas (
    stream     text         collate "C" not null references kafka_streams (name),
    event_name text         collate "C" not null,
    version    bigint       not null,
    document   text         not null,
    created_at timestamptz  not null default now(),
    constraint kafka_payload_schemas_pkey primary key (stream, event_name, version),
    constraint kafka_payload_schemas_version_check check (version >= 1)
);

-- One row, incremented in the transaction of every change of kafka_payload_schemas: every node reads it a few
-- times a second to learn of other nodes' changes.
create table kafka_payload_schema_revision (
    singleton boolean not null default true,
    revision  bigint  not null,
    constraint kafka_payload_schema_revision_pkey primary key (singleton),
    constraint kafka_payload_schema_revision_singleton_check check (singleton)
);
insert into kafka_payload_schema_revision (singleton, revision) values (true, 0);
