-- wrk -t2 -c64 -d15s -s bench/wrk/publish.lua http://localhost:8080 [-- <streams per thread> <prefix>]
-- Publishes one ~500-byte event per request as alice; each wrk thread round-robins over streams of its own
-- (default 32 per thread: 64 streams with -t2), named <prefix>-<thread>-<n> and owned by a producer of that name.
local here = (debug.getinfo(1, "S").source:match("^@(.*/)") or "")
local events = dofile(here .. "events.lua")
done = dofile(here .. "report.lua")

local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  request = events.publisher(id, args, events.document)
end
