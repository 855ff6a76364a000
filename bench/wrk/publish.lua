-- wrk -t2 -c64 -d10s -s bench/wrk/publish.lua http://localhost:8080
-- Each connection publishes to a stream of its own (wrk threads share nothing, so the stream is per thread and
-- connection counter), as alice with producer "wrk-<n>".
local counter = 0
local body = '{"event":{"name":"OrderPlaced","version":1},"system":{"id":"wrk","name":"wrk",' ..
  '"time":"2017-09-06 13:58:12","timezone":"Europe/Berlin"},"trigger":{"type":"system","name":"wrk"},' ..
  '"payload":{"orderId":42,"total":19.99}}'

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Basic YWxpY2U6YWxpY2UtcHc="
  wrk.headers["X-Producer-ID"] = "wrk-" .. id
  wrk.path = "/api/v1/streams/wrk-" .. id .. "/events"
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end
