-- Users that admins manage at run time (ADR 26). Only a salted slow hash of the password is kept (ADR 27).
-- grants: null means "none of its own" (the server's default grants apply); each element is
-- "<stream pattern> <action>[,<action>]", e.g. "orders.* publish,consume".
create table users (
    login         varchar(255)   not null,
    password_hash varchar(255)   not null,
    roles         varchar(32)[]  not null default '{}',
    grants        varchar(600)[],
    changed_at    timestamptz    not null default now(),
    constraint users_pkey primary key (login)
);

-- Which user each producer id and consumer id belongs to (ADR 26): the first user that uses an id claims it.
-- Ids used before this migration have no row, so the next user that uses one claims it; admins can reassign.
create table id_owners (
    kind  varchar(16)  not null,
    id    varchar(255) not null,
    owner varchar(255) not null,
    since timestamptz  not null default now(),
    constraint id_owners_pkey primary key (kind, id),
    constraint id_owners_kind_check check (kind in ('producer', 'consumer'))
);
