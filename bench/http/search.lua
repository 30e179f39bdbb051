-- Chinese full-text search: GET /api/v1/cases?q=<2-character word>&limit=20, rotating over
-- words that occur in the generated cases (CSQM_BENCH_WORDS: comma-separated, optional).
local dir = string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./"
local c = dofile(dir .. "common.lua")

local paths, headers
local n = 0

function init(args)
  c.seed()
  local words = c.env("CSQM_BENCH_WORDS", "漏水,电梯,噪音,物业,停车,保安")
  paths = {}
  for w in string.gmatch(words, "[^,]+") do
    paths[#paths + 1] = "/api/v1/cases?q=" .. c.urlencode(w) .. "&limit=20"
  end
  headers = c.headers()
  n = math.random(#paths)
end

function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n], headers)
end
