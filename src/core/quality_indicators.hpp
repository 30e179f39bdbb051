// The indicator arithmetic of M4: from counted totals (rollups, callbacks, surveys, customers)
// to the values of every indicator in core::Indicators(), each beside its target.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/quality.hpp"

namespace csqm::core {

struct IndicatorInputs {
  int64_t received = 0, resolved = 0, closed = 0, on_time = 0, reopened = 0;
  HandleHistogram hist{};
  int64_t targets_met = 0, targets_missed = 0;  // SLA targets due in the period
  int64_t complaints_received = 0, complaints_resolved = 0, major_complaints_resolved = 0;
  int64_t complaints_called = 0, major_called = 0;  // distinct cases with a done callback
  int64_t satisfied = 0, basically_satisfied = 0, dissatisfied = 0;
  int64_t survey_score_sum = 0, survey_score_count = 0;
  std::optional<int64_t> customers;  // absent: not known for this group
  IndicatorInputs& operator+=(const IndicatorInputs& o);
};

struct IndicatorValue {
  std::string key;
  std::optional<double> value;  // absent: no denominator (nothing to measure)
  double num = 0, den = 0;      // a ratio's parts; counts: value, 1
  std::optional<double> target;
  std::optional<bool> met;  // both value and target known
};

// Every indicator of Indicators(), in that order. `targets`: indicator key → target value.
std::vector<IndicatorValue> ComputeIndicators(const IndicatorInputs& in,
                                              const std::map<std::string, double>& targets);

// The defaults of Indicators() overridden by `stored`.
std::map<std::string, double> EffectiveTargets(const std::map<std::string, double>& stored);

}  // namespace csqm::core
