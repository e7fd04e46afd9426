-- One record per request as a REST Proxy v2 JSON body, for gateways without a raw API (--target).
-- The record value is a JSON string of 1024 bytes, quotes included.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/vnd.kafka.json.v2+json"
wrk.body = '{"records":[{"value":"' .. string.rep("x", 1024 - 2) .. '"}]}'
