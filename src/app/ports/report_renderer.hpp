// ReportRenderer: turns a monthly quality report into its printable HTML page and its .xlsx
// workbook (with native charts). Implemented in src/report (libxlsxwriter).
#pragma once

#include <string>

#include "core/result.hpp"

namespace csqm::app {

struct QualityReport;

class ReportRenderer {
 public:
  virtual ~ReportRenderer() = default;
  // A self-contained UTF-8 HTML page (Chinese, print CSS).
  virtual core::Result<std::string> Html(const QualityReport& report) const = 0;
  // The bytes of an .xlsx workbook; kInternal "report.xlsx_failed" when the writer fails.
  virtual core::Result<std::string> Xlsx(const QualityReport& report) const = 0;
};

}  // namespace csqm::app
