-- 100 records per request as a REST Proxy v2 JSON body; each value a JSON string of 1024 bytes,
-- quotes included.
local record = '{"value":"' .. string.rep("x", 1024 - 2) .. '"}'
local records = {}
for i = 1, 100 do
  records[i] = record
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/vnd.kafka.json.v2+json"
wrk.body = '{"records":[' .. table.concat(records, ",") .. ']}'
