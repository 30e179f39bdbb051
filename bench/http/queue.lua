-- A queue listing: GET CSQM_BENCH_PATH, e.g. /api/v1/cases?assignee_id=me&open=true&limit=50
-- (an agent's own open cases) or /api/v1/cases?open=true&limit=50 (a supervisor's unit).
local dir = string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./"
local c = dofile(dir .. "common.lua")

local path, headers

function init(args)
  c.seed()
  path = c.env("CSQM_BENCH_PATH")
  headers = c.headers()
end

function request()
  return wrk.format("GET", path, headers)
end
