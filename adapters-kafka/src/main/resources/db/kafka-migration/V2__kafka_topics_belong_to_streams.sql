-- A topic row belongs to a stream that exists (ADR 56). A publish claims its stream in a row of its own, committed
-- before its topics are added, and a claim is never removed (ADR 38), so every row already has its stream; the
-- foreign key makes the database refuse a topic for a stream nobody created instead of letting one be produced to.
-- NOT VALID: existing rows are not re-read (they cannot break it, and a check that could only fail would stop an
-- upgrade); every row written from now on is checked.
alter table kafka_topics
    add constraint kafka_topics_stream_fkey foreign key (stream) references kafka_streams (name) not valid;
