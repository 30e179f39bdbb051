-- GET /api/v1/cases/{id} for a random id in 1..CSQM_BENCH_MAX_ID (every case of the company:
-- run it as a company-level user).
local dir = string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./"
local c = dofile(dir .. "common.lua")

local max_id, headers

function init(args)
  c.seed()
  max_id = tonumber(c.env("CSQM_BENCH_MAX_ID"))
  headers = c.headers()
end

function request()
  return wrk.format("GET", "/api/v1/cases/" .. math.random(1, max_id), headers)
end
