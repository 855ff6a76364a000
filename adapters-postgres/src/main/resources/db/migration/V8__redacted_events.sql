-- Issue 25 (ADR 62, ADR 63): deleting streams and consumers, and redacting events. Deletion needs no new structure
-- (every table is keyed by the stream or its counter rows, so each delete is an index range). A redaction replaces
-- the event's document with one that keeps only its name and version (the original is erased, not hidden); this
-- column says when, for operators: null for an event never redacted. Adding a nullable column without a default
-- rewrites nothing.
alter table events add column redacted_at timestamptz;
