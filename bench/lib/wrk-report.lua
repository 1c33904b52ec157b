-- Prints the percentiles wrk's --latency report leaves out, in microseconds, for bench/lib/load.ts.
done = function(summary, latency, requests)
  io.write(string.format("bench-p999-us %d\n", latency:percentile(99.9)))
  io.write(string.format("bench-p99-us %d\n", latency:percentile(99)))
end
