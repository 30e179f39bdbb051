-- POST /api/v1/cases: opens a case with a varied Chinese title and a description of about
-- 200 characters, for a random customer of the agent's project, in a random leaf category.
--   CSQM_BENCH_CATEGORIES  comma-separated category ids
--   CSQM_BENCH_CUSTOMERS   comma-separated customer ids (in the agent's scope)
local dir = string.match(debug.getinfo(1, "S").source, "^@(.*/)") or "./"
local c = dofile(dir .. "common.lua")

local categories, customers, headers
local counter = 0
local thread_tag = 0

local titles = {
  "卫生间水管漏水", "电梯运行时噪音很大", "地下车库停车位被占用", "楼上装修噪音扰民",
  "保安对访客态度不耐烦", "物业费收费标准咨询", "单元门禁刷卡失灵", "楼道声控灯不亮",
  "厨房下水管堵塞", "外墙瓷砖空鼓有脱落风险", "垃圾清运不及时异味明显", "快递柜故障无法取件",
}
local fillers = {
  "业主希望物业尽快安排人员上门查看，并在处理前电话告知。",
  "业主表示此前已向物业前台口头反映过一次，但一直没有得到答复。",
  "业主提到楼上卫生间可能漏水，自家天花板已出现明显水渍。",
  "据业主描述，最近一周电梯经常停在某一层不动，等候时间较长。",
  "业主反映夜间设备噪音明显，影响家中老人和孩子休息。",
  "业主称地下停车场照明不足，停车时看不清地面标线。",
  "业主要求保安加强夜间巡逻，并核查外来车辆的进出登记。",
  "客服已记录业主联系方式，约定上午十点以后电话回访。",
  "现场照片已由业主通过微信发给管家，需工程部进一步确认原因。",
  "业主情绪较为激动，要求给出明确的处理时间和责任人。",
}

local function json_string(s)
  return '"' .. string.gsub(s, '["\\]', "\\%0") .. '"'
end

function init(args)
  c.seed()
  categories = c.ints(c.env("CSQM_BENCH_CATEGORIES"))
  customers = c.ints(c.env("CSQM_BENCH_CUSTOMERS"))
  headers = c.headers({ ["Content-Type"] = "application/json" })
  thread_tag = math.random(1000, 9999)
end

function request()
  counter = counter + 1
  local title = titles[math.random(#titles)] .. "（" .. thread_tag .. "-" .. counter .. "）"
  local parts = { "业主（" .. math.random(1, 18) .. "栋" .. math.random(1, 3) .. "单元" ..
                  math.random(2, 30) .. "0" .. math.random(1, 4) .. "）来电反映：" .. title .. "。" }
  -- five sentences: about 200 characters in all
  for i = 1, 5 do parts[#parts + 1] = fillers[math.random(#fillers)] end
  local body = '{"category_id":' .. categories[math.random(#categories)] ..
               ',"title":' .. json_string(title) ..
               ',"description":' .. json_string(table.concat(parts)) ..
               ',"channel":"phone","customer_id":' .. customers[math.random(#customers)] .. '}'
  return wrk.format("POST", "/api/v1/cases", headers, body)
end
