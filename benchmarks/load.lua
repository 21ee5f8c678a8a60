-- wrk script for benchmarks/run.py: requests the paths listed in the file named by the
-- BENCH_PATHS environment variable, each thread going round the list from its own place, and
-- prints one JSON line of figures at the end (latencies in microseconds).
--
--   BENCH_PATHS=urls.txt wrk -t2 -c20 -d10s -s benchmarks/load.lua http://127.0.0.1:18301
--
-- The X-Forwarded-Proto header stands in for the TLS-terminating proxy production settings expect
-- (otherwise every request would be answered with a redirect to https). With BENCH_UNIQUE=1 every
-- request carries a query parameter of its own ("bench=<run>-<thread>-<n>", which no view reads), so no
-- page cache can answer it: the uncached figures. Answers the page cache gave (X-Page-Cache: hit)
-- are counted.

local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then
    paths[#paths + 1] = line
  end
end

local unique = os.getenv("BENCH_UNIQUE") == "1"
-- Each run's addresses differ from every earlier run's (the warm-up's included).
local nonce = os.getenv("BENCH_NONCE") or tostring(os.time())
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  position = (id * 7919) % #paths
  not_ok = 0
  cache_hits = 0
  sent = 0
  first_bad = ""
end

function request()
  position = position % #paths + 1
  local path = paths[position]
  if unique then
    sent = sent + 1
    local separator = path:find("?", 1, true) and "&" or "?"
    path = path .. separator .. "bench=" .. nonce .. "-" .. id .. "-" .. sent
  end
  return wrk.format("GET", path, { ["X-Forwarded-Proto"] = "https", ["Accept-Language"] = "en" })
end

function response(status, headers, body)
  if headers["X-Page-Cache"] == "hit" then
    cache_hits = cache_hits + 1
  end
  -- Anything but 200 is an error here: a redirect or a 404 would make a page look fast.
  if status ~= 200 then
    not_ok = not_ok + 1
    if first_bad == "" then
      first_bad = tostring(status) .. " " .. paths[position]
    end
  end
end

function done(summary, latency, requests)
  local bad, hits, example = 0, 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not_ok")
    hits = hits + thread:get("cache_hits")
    if example == "" then
      example = thread:get("first_bad")
    end
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "not_ok": %d, "cache_hits": %d, "socket_errors": %d, "timeouts": %d, ' ..
    '"p50": %d, "p95": %d, "p99": %d, "max": %d, "example_error": "%s"}\n',
    summary.requests, summary.duration, bad, hits,
    errors.connect + errors.read + errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    example:gsub('"', "'")
  ))
end
