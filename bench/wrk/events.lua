-- What publish.lua and batch.lua share: the ~500-byte document (the shape bench/Bench.java publishes), requests
-- that round-robin over streams of the thread's own, each stream owned by a producer of the same name, as alice,
-- a number per wrk thread (id, set by setup) and the summary line of report.lua (done).
local events = {}

done = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "report.lua")

local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

events.document = '{"event":{"name":"OrderPlaced","version":1},"system":{"id":"wrk","name":"wrk",' ..
  '"time":"2026-11-27 12:00:00","timezone":"Europe/Berlin"},"trigger":{"type":"wrk","name":"wrk"},' ..
  '"payload":{"writer":1,"n":42,"amount":12345.67,"customer":{"id":"c-42","segment":"retail"},' ..
  '"note":"' .. string.rep("x", 230) .. '"}}'

-- args: [streams per thread (default 32)] [stream name prefix (default "wrk")]; returns a request() function
function events.publisher(id, args, body)
  local streams = tonumber(args[1] or "32")
  local prefix = args[2] or "wrk"
  local prepared = {}
  for i = 1, streams do
    local name = prefix .. "-" .. id .. "-" .. (i - 1)
    prepared[i] = wrk.format("POST", "/api/v1/streams/" .. name .. "/events", {
      ["Host"] = wrk.host,
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Basic YWxpY2U6YWxpY2UtcHc=",
      ["X-Producer-ID"] = name,
    }, body)
  end
  local n = 0
  return function()
    n = n % streams + 1
    return prepared[n]
  end
end

return events
