#include "core/quality_indicators.hpp"

namespace csqm::core {

IndicatorInputs& IndicatorInputs::operator+=(const IndicatorInputs& o) {
  received += o.received;
  resolved += o.resolved;
  closed += o.closed;
  on_time += o.on_time;
  reopened += o.reopened;
  for (size_t i = 0; i < hist.size(); ++i) hist[i] += o.hist[i];
  targets_met += o.targets_met;
  targets_missed += o.targets_missed;
  complaints_received += o.complaints_received;
  complaints_resolved += o.complaints_resolved;
  major_complaints_resolved += o.major_complaints_resolved;
  complaints_called += o.complaints_called;
  major_called += o.major_called;
  satisfied += o.satisfied;
  basically_satisfied += o.basically_satisfied;
  dissatisfied += o.dissatisfied;
  survey_score_sum += o.survey_score_sum;
  survey_score_count += o.survey_score_count;
  if (o.customers) customers = customers.value_or(0) + *o.customers;
  return *this;
}

namespace {

IndicatorValue Ratio(std::string_view key, double num, double den, double scale = 1.0) {
  IndicatorValue v;
  v.key = std::string(key);
  v.num = num;
  v.den = den;
  if (den > 0) v.value = num / den * scale;
  return v;
}

IndicatorValue Count(std::string_view key, int64_t n) {
  IndicatorValue v;
  v.key = std::string(key);
  v.num = double(n);
  v.den = 1;
  v.value = double(n);
  return v;
}

IndicatorValue Quantile(std::string_view key, const HandleHistogram& h, double q) {
  IndicatorValue v;
  v.key = std::string(key);
  v.value = HistogramQuantile(h, q);
  return v;
}

}  // namespace

std::vector<IndicatorValue> ComputeIndicators(const IndicatorInputs& in,
                                              const std::map<std::string, double>& targets) {
  std::vector<IndicatorValue> out;
  for (const auto& def : Indicators()) {
    const std::string_view k = def.key;
    IndicatorValue v;
    if (k == "received")
      v = Count(k, in.received);
    else if (k == "closed")
      v = Count(k, in.closed);
    else if (k == "on_time_rate")
      v = Ratio(k, double(in.on_time), double(in.resolved));
    else if (k == "sla_attainment")
      v = Ratio(k, double(in.targets_met), double(in.targets_met + in.targets_missed));
    else if (k == "median_handling_minutes")
      v = Quantile(k, in.hist, 0.5);
    else if (k == "p90_handling_minutes")
      v = Quantile(k, in.hist, 0.9);
    else if (k == "reopen_rate")
      v = Ratio(k, double(in.reopened), double(in.resolved));
    else if (k == "callback_rate")
      v = Ratio(k, double(in.complaints_called), double(in.complaints_resolved));
    else if (k == "major_callback_rate")
      v = Ratio(k, double(in.major_called), double(in.major_complaints_resolved));
    else if (k == "satisfaction_rate")
      v = Ratio(k, double(in.satisfied + in.basically_satisfied),
                double(in.satisfied + in.basically_satisfied + in.dissatisfied));
    else if (k == "survey_score")
      v = Ratio(k, double(in.survey_score_sum), double(in.survey_score_count));
    else if (k == "complaints_per_1000")
      v = Ratio(k, double(in.complaints_received), double(in.customers.value_or(0)), 1000.0);
    v.key = std::string(k);
    if (auto it = targets.find(v.key); it != targets.end()) {
      v.target = it->second;
      if (v.value) v.met = MeetsTarget(def, *v.value, it->second);
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::map<std::string, double> EffectiveTargets(const std::map<std::string, double>& stored) {
  std::map<std::string, double> out;
  for (const auto& def : Indicators()) {
    if (def.default_target) out[std::string(def.key)] = *def.default_target;
  }
  for (const auto& [k, v] : stored) {
    if (FindIndicator(k)) out[k] = v;
  }
  return out;
}

}  // namespace csqm::core
