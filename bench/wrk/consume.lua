-- wrk -t2 -c8 -d15s -s bench/wrk/consume.lua http://localhost:8080 [-- <stream> <consumer id>]
-- Reads the first 100 events of the stream (default wrk-0-0, the first stream publish.lua writes) without
-- acknowledging, as alice: every request is the same page of 100 (when the stream has that many).
done = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "report.lua")

function init(args)
  wrk.headers["Authorization"] = "Basic YWxpY2U6YWxpY2UtcHc="
  wrk.headers["X-Consumer-ID"] = args[2] or "wrk-reader"
  wrk.path = "/api/v1/streams/" .. (args[1] or "wrk-0-0") .. "/events?eventName=OrderPlaced&limit=100"
end
