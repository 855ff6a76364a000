-- JSON Schemas of event payloads, one per (stream, event name, version) (issue 26, ADR 66). No foreign key to
-- streams: the Kafka engine keeps its streams elsewhere, streams are never deleted, and the service checks that the
-- stream exists before it stores a schema.
create table payload_schemas (
    stream     varchar(255) not null,
    event_name varchar(255) not null,
    version    bigint       not null,
    document   text         not null,
    created_at timestamptz  not null default now(),
    constraint payload_schemas_pkey primary key (stream, event_name, version),
    constraint payload_schemas_version_check check (version >= 1)
);

-- One row: incremented in the transaction of every change of payload_schemas, so that every node learns of a
-- change by reading one number a few times a second and drops the schemas it compiled.
create table payload_schema_revision (
    singleton boolean not null default true,
    revision  bigint  not null,
    constraint payload_schema_revision_pkey primary key (singleton),
    constraint payload_schema_revision_singleton_check check (singleton)
);
insert into payload_schema_revision (singleton, revision) values (true, 0);
