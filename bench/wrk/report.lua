-- The summary line bench/Bench.java reads after wrk's own output: requests, the measured time, latency percentiles
-- (µs) and the answers that were not 2xx/3xx (wrk's "status" errors) or failed on the socket.
return function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    e.status, e.connect + e.read + e.write + e.timeout))
end
