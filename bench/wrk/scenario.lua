-- scenario.lua — the one wrk script every HTTP scenario of bench/run.mjs uses, set by environment:
--   BENCH_PATH    the request path; "{id}" is replaced by a random whole number in 1..BENCH_IDS,
--                 or by a random line of the file BENCH_ID_FILE when that is set
--   BENCH_METHOD  GET (default) or POST; BENCH_BODY the body ("{n}" replaced by a random 1..1000000)
--   BENCH_TOKEN   sent as "Authorization: Bearer …" when set
-- At the end it prints one line "BENCH {json}" with the counts and the latency percentiles (µs).
local path = os.getenv("BENCH_PATH") or "/"
local ids = tonumber(os.getenv("BENCH_IDS") or "1")
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local token = os.getenv("BENCH_TOKEN")
local id_file = os.getenv("BENCH_ID_FILE")
local id_list = nil

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

-- answers other than 2xx, by status, per thread (summed in done)
bad = {}
function response(status, headers, body)
  if status < 200 or status > 299 then bad[status] = (bad[status] or 0) + 1 end
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  wrk.method = method
  if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
  if body then wrk.headers["Content-Type"] = "application/json" end
  if id_file and id_file ~= "" then
    id_list = {}
    for line in io.lines(id_file) do id_list[#id_list + 1] = line end
  end
end

local function pick()
  if id_list then return id_list[math.random(1, #id_list)] end
  return tostring(math.random(1, ids))
end

function request()
  local p = path:gsub("{id}", pick)
  local b = nil
  if body then b = body:gsub("{n}", function() return tostring(math.random(1, 1000000)) end) end
  return wrk.format(nil, p, nil, b)
end

function done(summary, latency, requests)
  local e = summary.errors
  local statuses = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("bad")) do statuses[k] = (statuses[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(statuses) do parts[#parts + 1] = string.format('"%d":%d', k, v) end
  io.write(string.format('BENCH {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"statuses":{%s},"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ","),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
