-- wrk -t2 -c8 -d10s -s bench/wrk/consume.lua http://localhost:8080
-- Reads the first 100 events of stream wrk-0 (published by publish.lua) without acknowledging, as alice.
function init(args)
  wrk.headers["Authorization"] = "Basic YWxpY2U6YWxpY2UtcHc="
  wrk.headers["X-Consumer-ID"] = "wrk-reader"
  wrk.path = "/api/v1/streams/wrk-0/events?eventName=OrderPlaced&limit=100"
end
