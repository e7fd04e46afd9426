-- One record of 1024 bytes per request, as a raw text/plain body (Sluice's own API).
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
wrk.body = string.rep("x", 1024)
