// The quality report as an .xlsx workbook with native Excel charts (libxlsxwriter): indicators
// (current / previous / target, a column chart), SLA attainment per target (bar chart), the
// complaint Pareto (columns and the cumulative line), units and improvement actions.
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/report_files.hpp"

namespace csqm::report {
namespace {

core::Error Failed(const std::string& what) {
  return core::MakeError(core::ErrorCode::kInternal, "report.xlsx_failed",
                         "无法生成 Excel 文件：" + what, "cannot write the .xlsx file: " + what);
}

struct Sheet {
  lxw_worksheet* ws;
  const char* name;
  lxw_format* head;
};

void Header(const Sheet& s, std::initializer_list<const char*> titles) {
  lxw_col_t c = 0;
  for (const char* t : titles) worksheet_write_string(s.ws, 0, c++, t, s.head);
}

void Num(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::optional<double>& v,
         lxw_format* f) {
  if (v) worksheet_write_number(ws, r, c, *v, f);
}

lxw_chart* Chart(lxw_workbook* wb, uint8_t type, const char* title) {
  lxw_chart* chart = workbook_add_chart(wb, type);
  chart_title_set_name(chart, title);
  return chart;
}

void Series(lxw_chart* chart, const char* sheet, lxw_row_t first, lxw_row_t last, lxw_col_t cat,
            lxw_col_t val, const char* name) {
  lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
  chart_series_set_categories(s, sheet, first, cat, last, cat);
  chart_series_set_values(s, sheet, first, val, last, val);
  chart_series_set_name(s, name);
}

void Write(lxw_workbook* wb, const app::QualityReport& r) {
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xDDE4F0);
  lxw_format* pct = workbook_add_format(wb);
  format_set_num_format(pct, "0.0%");
  lxw_format* num = workbook_add_format(wb);
  format_set_num_format(num, "0.0");

  // 1. Indicators.
  Sheet ind{workbook_add_worksheet(wb, "指标"), "指标", head};
  Header(ind, {"指标 indicator", "本期 current", "上期 previous", "目标 target", "达标 met"});
  worksheet_set_column(ind.ws, 0, 0, 34, nullptr);
  worksheet_set_column(ind.ws, 1, 4, 14, nullptr);
  lxw_row_t row = 1, first_ratio = 0, last_ratio = 0;
  for (const auto& v : r.current.values) {
    const auto* def = core::FindIndicator(v.key);
    const bool ratio = def && def->unit == "ratio";
    lxw_format* f = ratio ? pct : num;
    worksheet_write_string(ind.ws, row, 0, std::string(def->name_zh).c_str(), nullptr);
    Num(ind.ws, row, 1, v.value, f);
    const auto* prev = r.previous.Find(v.key);
    Num(ind.ws, row, 2, prev ? prev->value : std::nullopt, f);
    Num(ind.ws, row, 3, v.target, f);
    if (v.met) worksheet_write_string(ind.ws, row, 4, *v.met ? "达标" : "未达标", nullptr);
    if (ratio) {
      if (!first_ratio) first_ratio = row;
      last_ratio = row;
    }
    ++row;
  }
  if (first_ratio) {
    lxw_chart* c = Chart(wb, LXW_CHART_COLUMN, "比率类指标 本期 / 上期 / 目标");
    Series(c, ind.name, first_ratio, last_ratio, 0, 1, "本期");
    Series(c, ind.name, first_ratio, last_ratio, 0, 2, "上期");
    Series(c, ind.name, first_ratio, last_ratio, 0, 3, "目标");
    worksheet_insert_chart(ind.ws, 1, 6, c);
  }

  // 2. SLA attainment per target.
  Sheet sla{workbook_add_worksheet(wb, "时限达成"), "时限达成", head};
  Header(sla, {"时限 target", "按时 met", "超时 missed", "达成率 rate"});
  row = 1;
  for (const auto& a : r.current.attainment) {
    worksheet_write_string(sla.ws, row, 0, a.target_key.c_str(), nullptr);
    worksheet_write_number(sla.ws, row, 1, double(a.met_on_time), nullptr);
    worksheet_write_number(sla.ws, row, 2, double(a.missed), nullptr);
    Num(sla.ws, row, 3, a.rate, pct);
    ++row;
  }
  if (row > 1) {
    lxw_chart* c = Chart(wb, LXW_CHART_BAR, "各时限达成率 SLA attainment");
    Series(c, sla.name, 1, row - 1, 0, 3, "达成率");
    worksheet_insert_chart(sla.ws, 1, 5, c);
  }

  // 3. Pareto of complaint categories.
  Sheet par{workbook_add_worksheet(wb, "投诉帕累托"), "投诉帕累托", head};
  Header(par, {"类别 category", "件数 count", "累计占比 cumulative"});
  worksheet_set_column(par.ws, 0, 0, 30, nullptr);
  row = 1;
  for (const auto& p : r.pareto) {
    worksheet_write_string(par.ws, row, 0, p.name.c_str(), nullptr);
    worksheet_write_number(par.ws, row, 1, double(p.count), nullptr);
    worksheet_write_number(par.ws, row, 2, p.cumulative_share, pct);
    ++row;
  }
  if (row > 1) {
    lxw_chart* c = Chart(wb, LXW_CHART_COLUMN, "投诉类别帕累托 Pareto");
    Series(c, par.name, 1, row - 1, 0, 1, "件数");
    worksheet_insert_chart(par.ws, 1, 4, c);
    lxw_chart* line = Chart(wb, LXW_CHART_LINE, "累计占比 cumulative share");
    Series(line, par.name, 1, row - 1, 0, 2, "累计占比");
    worksheet_insert_chart(par.ws, 17, 4, line);
  }

  // 4. Units.
  Sheet units{workbook_add_worksheet(wb, "各单位"), "各单位", head};
  static const char* kCols[] = {"received",         "closed",      "on_time_rate",
                                "sla_attainment",   "reopen_rate", "callback_rate",
                                "satisfaction_rate"};
  worksheet_write_string(units.ws, 0, 0, "单位 unit", head);
  for (lxw_col_t c = 0; c < 7; ++c)
    worksheet_write_string(units.ws, 0, c + 1,
                           std::string(core::FindIndicator(kCols[c])->name_zh).c_str(), head);
  row = 1;
  for (const auto& u : r.units) {
    worksheet_write_string(units.ws, row, 0, u.group_name.c_str(), nullptr);
    for (lxw_col_t c = 0; c < 7; ++c) {
      const auto* v = u.Find(kCols[c]);
      Num(units.ws, row, c + 1, v ? v->value : std::nullopt, c >= 2 ? pct : nullptr);
    }
    ++row;
  }

  // 5. Improvement actions.
  Sheet imp{workbook_add_worksheet(wb, "改进措施"), "改进措施", head};
  Header(imp, {"单位 unit", "指标 indicator", "实际 value", "目标 target", "工单 case"});
  row = 1;
  for (const auto& i : r.improvements) {
    worksheet_write_string(imp.ws, row, 0, i.unit_name.c_str(), nullptr);
    worksheet_write_string(imp.ws, row, 1, i.record.indicator.c_str(), nullptr);
    worksheet_write_number(imp.ws, row, 2, i.record.value, nullptr);
    worksheet_write_number(imp.ws, row, 3, i.record.target, nullptr);
    worksheet_write_string(imp.ws, row, 4, i.case_number.c_str(), nullptr);
    ++row;
  }
}

}  // namespace

core::Result<std::string> ReportFiles::Xlsx(const app::QualityReport& r) const {
  std::string path = (std::filesystem::temp_directory_path() / "csqm-report-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return Failed("mkstemp");
  close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) {
    std::filesystem::remove(path);
    return Failed("workbook_new");
  }
  Write(wb, r);
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    std::filesystem::remove(path);
    return Failed(lxw_strerror(err));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

}  // namespace csqm::report
