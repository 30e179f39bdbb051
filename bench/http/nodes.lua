-- Spreads one wrk run over several csqm nodes (bench/pg_bench.sh, 3 nodes on one PostgreSQL):
-- wrk connects each of its threads to one address, so thread i is pointed at node i mod N in
-- setup(); with -t N every node gets the same number of connections, and wrk's one latency
-- histogram covers all of them.
--   CSQM_BENCH_NODES   comma-separated ports of the nodes on 127.0.0.1
--   CSQM_BENCH_SCRIPT  the scenario script in this folder (read.lua, queue.lua, …)
local dir = string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./"
dofile(dir .. os.getenv("CSQM_BENCH_SCRIPT"))

local ports = {}
for p in string.gmatch(os.getenv("CSQM_BENCH_NODES") or "", "%d+") do ports[#ports + 1] = p end
local next_node = 0

function setup(thread)
  local port = ports[(next_node % #ports) + 1]
  next_node = next_node + 1
  thread.addr = wrk.lookup("127.0.0.1", port)[1]
end
