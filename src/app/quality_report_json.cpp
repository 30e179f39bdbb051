// The quality report as JSON: what the archive keeps (quality_reports.data_json) and the API
// returns.
#include <boost/json.hpp>

#include "app/quality_report.hpp"

namespace csqm::app {
namespace {

namespace json = boost::json;

json::value Opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(); }

json::object SetJson(const IndicatorSet& s) {
  json::object values;
  for (const auto& v : s.values) {
    json::object o{{"value", Opt(v.value)}, {"target", Opt(v.target)}};
    o["met"] = v.met ? json::value(*v.met) : json::value();
    if (v.den != 1 || !v.value) {
      o["numerator"] = v.num;
      o["denominator"] = v.den;
    }
    values[v.key] = std::move(o);
  }
  json::array attainment;
  for (const auto& a : s.attainment) {
    attainment.push_back(json::object{{"target_key", a.target_key},
                                      {"met_on_time", a.met_on_time},
                                      {"missed", a.missed},
                                      {"rate", Opt(a.rate)}});
  }
  json::object out{{"group", s.group}, {"name", s.group_name}, {"indicators", std::move(values)}};
  if (!attainment.empty()) out["sla_attainment"] = std::move(attainment);
  const auto& in = s.inputs;
  out["callbacks"] = json::object{{"complaints_called", in.complaints_called},
                                  {"major_called", in.major_called},
                                  {"satisfied", in.satisfied},
                                  {"basically_satisfied", in.basically_satisfied},
                                  {"dissatisfied", in.dissatisfied}};
  return out;
}

}  // namespace

std::string ReportJson(const QualityReport& r) {
  json::array units, categories, pareto, warnings, improvements;
  for (const auto& u : r.units) units.push_back(SetJson(u));
  for (const auto& c : r.categories) categories.push_back(SetJson(c));
  for (const auto& p : r.pareto) {
    pareto.push_back(json::object{{"category_id", p.category_id},
                                  {"name", p.name},
                                  {"count", p.count},
                                  {"cumulative_share", p.cumulative_share}});
  }
  for (const auto& w : r.warnings) {
    warnings.push_back(json::object{{"indicator", w.indicator},
                                    {"month_to_date", w.month_to_date},
                                    {"projected", w.projected},
                                    {"target", w.target}});
  }
  for (const auto& i : r.improvements) {
    improvements.push_back(json::object{{"indicator", i.record.indicator},
                                        {"org_unit_id", i.record.org_unit_id},
                                        {"org_unit_name", i.unit_name},
                                        {"case_id", i.record.case_id},
                                        {"case_number", i.case_number},
                                        {"value", i.record.value},
                                        {"target", i.record.target}});
  }
  json::object out{{"period", r.period},
                   {"previous_period", r.previous_period},
                   {"org_unit_id", r.org_unit_id},
                   {"org_unit_name", r.org_unit_name},
                   {"generated_at_ms", r.generated_at.time_since_epoch().count()},
                   {"current", SetJson(r.current)},
                   {"previous", SetJson(r.previous)},
                   {"units", std::move(units)},
                   {"categories", std::move(categories)},
                   {"pareto", std::move(pareto)},
                   {"early_warnings", std::move(warnings)},
                   {"improvements", std::move(improvements)},
                   {"survey_responses", r.survey_responses}};
  return json::serialize(out);
}

}  // namespace csqm::app
