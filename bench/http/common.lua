-- Shared by the wrk scripts of bench/http_bench.sh (loaded with dofile from the script's own
-- folder). Settings come from the environment so that one script serves several scenarios:
--   CSQM_BENCH_TOKEN   the bearer token (csqm_…) of the user the scenario acts as
local M = {}

function M.env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then
    if default == nil then error(name .. " is not set") end
    return default
  end
  return v
end

-- Comma-separated integers → array.
function M.ints(text)
  local out = {}
  for n in string.gmatch(text, "%d+") do out[#out + 1] = tonumber(n) end
  return out
end

-- Percent-encoding of a query value (UTF-8 bytes).
function M.urlencode(s)
  return (string.gsub(s, "[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- A distinct random sequence per wrk thread (each thread has its own Lua state).
local seeded = false
function M.seed()
  if seeded then return end
  seeded = true
  local addr = tonumber(string.match(tostring({}), "0x(%x+)"), 16) or 0
  math.randomseed(os.time() + addr % 100000)
end

function M.headers(extra)
  local h = {
    ["Authorization"] = "Bearer " .. M.env("CSQM_BENCH_TOKEN"),
    ["Accept"] = "application/json",
  }
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

return M
