// ReportFiles: app::ReportRenderer for the quality report — a self-contained printable HTML
// page (html_report.cpp) and an .xlsx workbook with native charts (xlsx_report.cpp).
#pragma once

#include "app/quality_report.hpp"

namespace csqm::report {

class ReportFiles final : public app::ReportRenderer {
 public:
  core::Result<std::string> Html(const app::QualityReport& report) const override;
  core::Result<std::string> Xlsx(const app::QualityReport& report) const override;
};

// Shared by both files: an indicator's value as shown ("92.5%", "35.0", "—").
std::string ShowValue(std::string_view indicator, const std::optional<double>& v);

}  // namespace csqm::report
