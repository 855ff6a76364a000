-- A stream belongs for ever to the producer that first published to it successfully.
create table streams (
    id         bigint generated always as identity primary key,
    name       varchar(255) not null,
    owner      varchar(255) not null,
    created_at timestamptz  not null default now(),
    constraint streams_name_key unique (name)
);

-- One row per (stream, event name). Its last_sequence numbers the events of that name; the row lock taken
-- when it is incremented makes publishers of the same (stream, event name) commit in sequence order
-- (see adr/0007-sequence-offset-and-acknowledgement.md).
create table event_sequences (
    id            bigint generated always as identity primary key,
    stream_id     bigint       not null references streams (id),
    event_name    varchar(255) not null,
    last_sequence bigint       not null,
    constraint event_sequences_stream_id_event_name_key unique (stream_id, event_name),
    constraint event_sequences_last_sequence_check check (last_sequence >= 1)
);

-- The published document is kept as the producer sent it (validated JSON text), so it is returned exactly.
create table events (
    event_sequence_id bigint      not null references event_sequences (id),
    sequence          bigint      not null,
    event_id          uuid        not null,
    received_at       timestamptz not null default now(),
    document          text        not null,
    constraint events_pkey primary key (event_sequence_id, sequence),
    constraint events_event_id_key unique (event_id),
    constraint events_sequence_check check (sequence >= 1)
);

-- A consumer's offset for one (stream, event name): the last acknowledged sequence; no row means 0.
create table consumer_cursors (
    event_sequence_id     bigint       not null references event_sequences (id),
    consumer_id           varchar(255) not null,
    acknowledged_sequence bigint       not null,
    acknowledged_at       timestamptz  not null default now(),
    constraint consumer_cursors_pkey primary key (event_sequence_id, consumer_id),
    constraint consumer_cursors_acknowledged_sequence_check check (acknowledged_sequence >= 0)
);
