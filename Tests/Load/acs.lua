-- wrk script for the ACS load test: posts pre-minted SAML responses (one form body per line
-- of the file given as the first script argument), each thread taking every Nth body (N, the
-- thread count, is the second argument) so that no body is posted twice until all were used.
-- Counts the answers by status; done() prints the totals.
local bodies = {}
local index = 0
local step = 1
local threads = {}
statuses = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  step = tonumber(args[2])
  index = id - 1
end

function request()
  local body = bodies[(index % #bodies) + 1]
  index = index + step
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do total[status] = (total[status] or 0) + count end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d: %d\n", status, count))
  end
end
