-- wrk -t2 -c16 -d15s -s bench/wrk/batch.lua http://localhost:8080 [-- <streams per thread> <prefix>]
-- Publishes a JSON array of 100 ~500-byte events per request (batch publish), otherwise like publish.lua.
local events = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "events.lua")

function init(args)
  local documents = {}
  for i = 1, 100 do
    documents[i] = events.document
  end
  request = events.publisher(id, args, "[" .. table.concat(documents, ",") .. "]")
end
