-- wrk -t2 -c64 -d15s -s bench/wrk/publish.lua http://localhost:8080 [-- <streams per thread> <prefix>]
-- Publishes one ~500-byte event per request as alice; each wrk thread round-robins over streams of its own
-- (default 32 per thread: 64 streams with -t2), named <prefix>-<thread>-<n> and owned by a producer of that name.
local events = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "events.lua")

function init(args)
  request = events.publisher(id, args, events.document)
end
