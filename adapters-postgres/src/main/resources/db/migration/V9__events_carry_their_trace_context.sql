-- Issue 26 (ADR 65): each event keeps the W3C trace context its publish came with, as it was sent (traceparent) and
-- as it was kept (tracestate, valid list-members only), to hand it to consumers. Null when the publish had none.
-- Nullable columns without a default: adding them rewrites no row, and a node of the previous release, which does
-- not name them, keeps inserting events (without trace context) during a rolling upgrade.
alter table events
    add column traceparent text,
    add column tracestate  text;
