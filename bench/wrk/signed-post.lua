-- wrk script for bench/run.sh: POSTs pre-generated, pre-signed webhook bodies in a cycle and
-- prints one machine-readable result line at the end.
--
--   wrk -t2 -c16 -d15s --latency -s bench/wrk/signed-post.lua http://127.0.0.1:PORT -- PATH BODIES.tsv
--
-- BODIES.tsv: one line per request, "sha256=<hex>" TAB "<body>" (see bench/GenerateBodies.java).
-- Every request is formatted once in init(); request() only hands out the next ready string,
-- so the load generator spends its CPU on the network, not on Lua.

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
   table.insert(threads, thread)
end

local requests = {}
local n = 0
local i = 0

function init(args)
   local path, file = args[1], args[2]
   if not path or not file then
      error("usage: ... -- PATH BODIES.tsv")
   end
   for line in io.lines(file) do
      local signature, body = line:match("^(%S+)\t(.+)$")
      if signature then
         n = n + 1
         requests[n] = wrk.format("POST", path, {
            ["Content-Type"] = "application/json",
            ["X-Hub-Signature-256"] = signature,
         }, body)
      end
   end
   if n == 0 then
      error("no bodies in " .. file)
   end
   -- Threads start at different places in the cycle.
   i = ((id or 1) - 1) * math.floor(n / 7) % n
end

function request()
   i = i % n + 1
   return requests[i]
end

function done(summary, latency, _)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   -- Latencies in microseconds. ok = responses with a 2xx/3xx status.
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_s=%.3f rps=%.1f ok=%d non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f\n",
      summary.requests, seconds, summary.requests / seconds, summary.requests - e.status, e.status,
      e.connect, e.read, e.write, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
