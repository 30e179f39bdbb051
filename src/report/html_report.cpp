// The quality report as one printable HTML page: Chinese first, English beside, A4 print CSS,
// no external resources.
#include <cstdio>
#include <string>

#include "report/report_files.hpp"

namespace csqm::report {
namespace {

std::string Esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Pct(double v) {
  char t[32];
  std::snprintf(t, sizeof t, "%.1f%%", v * 100);
  return t;
}

std::string MetCell(const core::IndicatorValue& v) {
  if (!v.met) return "<td class=na>—</td>";
  return *v.met ? "<td class=ok>达标 met</td>" : "<td class=bad>未达标 missed</td>";
}

constexpr const char* kStyle = R"(<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:22px;margin:0 0 4px} h2{font-size:16px;border-bottom:2px solid #2f5597;
padding-bottom:2px;margin-top:24px} table{border-collapse:collapse;width:100%;font-size:12px}
th,td{border:1px solid #bbb;padding:3px 6px;text-align:right} th:first-child,td:first-child
{text-align:left} th{background:#dde4f0} .ok{color:#1a7f37} .bad{color:#c00;font-weight:bold}
.na{color:#888} .bar{background:#2f5597;height:10px} .meta{color:#555;font-size:12px}
.warn{background:#fff4e5;border:1px solid #f0a020;padding:6px;margin:6px 0;font-size:12px}
@media print{body{margin:0} h2{break-after:avoid} table{break-inside:auto}
tr{break-inside:avoid} @page{size:A4;margin:15mm}}
</style>)";

}  // namespace

std::string ShowValue(std::string_view indicator, const std::optional<double>& v) {
  if (!v) return "—";
  const auto* def = core::FindIndicator(indicator);
  if (def && def->unit == "ratio") return Pct(*v);
  char t[32];
  std::snprintf(t, sizeof t, def && def->unit == "count" ? "%.0f" : "%.1f", *v);
  return t;
}

core::Result<std::string> ReportFiles::Html(const app::QualityReport& r) const {
  std::string h = "<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8><title>质量报告 " +
                  Esc(r.period) + " " + Esc(r.org_unit_name) + "</title>" + kStyle +
                  "</head><body>";
  h += "<h1>质量报告（质量月报）" + Esc(r.period) + " · " + Esc(r.org_unit_name) + "</h1>";
  h += "<div class=meta>Quality report " + Esc(r.period) +
       "; 上期 previous: " + Esc(r.previous_period) + "</div>";
  for (const auto& w : r.warnings) {
    h += "<div class=warn>预警 early warning：" + Esc(w.indicator) + " 本月至今 " +
         Pct(w.month_to_date) + "，预计月末 projected " + Pct(w.projected) + "，目标 target " +
         Pct(w.target) + "</div>";
  }
  h += "<h2>一、指标 Indicators</h2><table><tr><th>指标 indicator</th><th>本期 current</th>"
       "<th>上期 previous</th><th>目标 target</th><th>结论 result</th></tr>";
  for (const auto& v : r.current.values) {
    const auto* def = core::FindIndicator(v.key);
    const auto* prev = r.previous.Find(v.key);
    h += "<tr><td>" + Esc(def ? def->name_zh : v.key) + " <span class=meta>" +
         Esc(def ? def->name_en : "") + "</span></td><td>" + ShowValue(v.key, v.value) +
         "</td><td>" + ShowValue(v.key, prev ? prev->value : std::nullopt) + "</td><td>" +
         (v.target ? std::string(def && def->direction == core::Direction::kAtMost ? "≤ " : "≥ ") +
                         ShowValue(v.key, v.target)
                   : "—") +
         "</td>" + MetCell(v) + "</tr>";
  }
  h += "</table><h2>二、时限达成 SLA attainment per target</h2><table><tr><th>时限 target</th>"
       "<th>按时 met on time</th><th>超时 missed</th><th>达成率 rate</th></tr>";
  for (const auto& a : r.current.attainment) {
    h += "<tr><td>" + Esc(a.target_key) + "</td><td>" + std::to_string(a.met_on_time) +
         "</td><td>" + std::to_string(a.missed) + "</td><td>" + (a.rate ? Pct(*a.rate) : "—") +
         "</td></tr>";
  }
  h += "</table><h2>三、投诉类别帕累托 Pareto of complaint categories</h2><table><tr>"
       "<th>类别 category</th><th>件数 count</th><th>累计占比 cumulative</th><th></th></tr>";
  const int64_t top = r.pareto.empty() ? 1 : std::max<int64_t>(1, r.pareto.front().count);
  for (const auto& p : r.pareto) {
    h += "<tr><td>" + Esc(p.name) + "</td><td>" + std::to_string(p.count) + "</td><td>" +
         Pct(p.cumulative_share) + "</td><td style=width:35%><div class=bar style=width:" +
         std::to_string(p.count * 100 / top) + "%></div></td></tr>";
  }
  const auto& cb = r.current.inputs;
  h += "</table><h2>四、回访与问卷 Callbacks and surveys</h2><table><tr><th>项目 item</th>"
       "<th>数值 value</th></tr>";
  auto row = [&](const std::string& k, const std::string& v) {
    h += "<tr><td>" + k + "</td><td>" + v + "</td></tr>";
  };
  row("已回访投诉 complaints called back", std::to_string(cb.complaints_called));
  row("其中重大 of them major", std::to_string(cb.major_called));
  row("满意 satisfied", std::to_string(cb.satisfied));
  row("基本满意 basically satisfied", std::to_string(cb.basically_satisfied));
  row("不满意 dissatisfied", std::to_string(cb.dissatisfied));
  row("问卷份数 survey responses", std::to_string(r.survey_responses));
  h += "</table><h2>五、各单位 By organisation unit</h2><table><tr><th>单位 unit</th>";
  static const char* kCols[] = {"received",         "closed",      "on_time_rate",
                                "sla_attainment",   "reopen_rate", "callback_rate",
                                "satisfaction_rate"};
  for (const char* k : kCols) h += "<th>" + Esc(core::FindIndicator(k)->name_zh) + "</th>";
  h += "</tr>";
  for (const auto& u : r.units) {
    h += "<tr><td>" + Esc(u.group_name) + "</td>";
    for (const char* k : kCols) {
      const auto* v = u.Find(k);
      const bool bad = v && v->met && !*v->met;
      h += std::string(bad ? "<td class=bad>" : "<td>") +
           ShowValue(k, v ? v->value : std::nullopt) + "</td>";
    }
    h += "</tr>";
  }
  h += "</table><h2>六、改进措施 Improvement actions raised</h2><table><tr><th>单位 unit</th>"
       "<th>指标 indicator</th><th>实际 value</th><th>目标 target</th><th>工单 case</th></tr>";
  for (const auto& i : r.improvements) {
    h += "<tr><td>" + Esc(i.unit_name) + "</td><td>" + Esc(i.record.indicator) + "</td><td>" +
         ShowValue(i.record.indicator, i.record.value) + "</td><td>" +
         ShowValue(i.record.indicator, i.record.target) + "</td><td>" + Esc(i.case_number) +
         "</td></tr>";
  }
  if (r.improvements.empty()) h += "<tr><td colspan=5>无 none</td></tr>";
  h += "</table></body></html>\n";
  return h;
}

}  // namespace csqm::report
