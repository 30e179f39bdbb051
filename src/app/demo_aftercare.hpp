// The demo's after-care (internal to demo.cpp): the callback tasks the property template's rules
// create while the demo's cases are resolved, worked through the callback use cases — most
// reached with an outcome, some unreachable first, a few failed, a few unhappy ones that reopen
// their case, the recent ones still open — plus last month's complaint sample, a satisfaction
// survey with answers by link and by agent, and suggestion-book entries. Its own random stream
// (from the demo seed), so the cases are the same with or without it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "app/demo.hpp"
#include "app/demo_plan.hpp"
#include "app/demo_world.hpp"
#include "app/ports/surveys.hpp"
#include "core/zone.hpp"

namespace csqm::app::demo {

// Demo wording (demo_survey.cpp).
const std::vector<std::string>& UnreachableNotes();
const std::vector<std::string>& CallbackOpinions(const std::string& satisfaction);
const std::vector<std::string>& CallbackSuggestions();
const std::vector<std::string>& SuggestionTexts();

class Aftercare {
 public:
  using Advance = std::function<Status(Instant)>;
  Aftercare(Services& s, const DemoOptions& o, const World& w, const core::ZoneRules& zone);

  // Once before the cases are played: the survey, the suggestions and the monthly sample,
  // as events on the timeline.
  void Plan();
  // After a step of `plan` (index `plan_index`, step `step`) on case `case_id`: schedules the
  // work on the callback tasks the step created.
  Status AfterStep(size_t plan_index, const CasePlan& plan, size_t step, Id case_id);
  // Does, in time order, everything scheduled before `t` (advance moves the clock).
  Status RunUntil(Instant t, const Advance& advance);

  // Plans whose case a callback reopens (known when the task is made): their later steps are
  // not played.
  const std::set<size_t>& reopened() const { return reopened_; }
  DemoAftercareReport report;

 private:
  struct Event {
    enum Kind { kUnreachable, kOutcome, kSample, kSurvey, kLinkAnswer, kAgentAnswer, kSuggestion };
    explicit Event(Kind k, Id task = 0, size_t p = SIZE_MAX, size_t a = 0, std::string sat = "",
                   int i = 0)
        : kind(k), task_id(task), plan(p), actor(a), satisfaction(std::move(sat)), index(i) {}
    Kind kind = kOutcome;
    Id task_id = 0;
    size_t plan = SIZE_MAX;  // kOutcome of a case task
    size_t actor = 0;
    std::string satisfaction;  // kOutcome
    int index = 0;             // answers, suggestions
  };
  void Schedule(Id task_id, Instant created, std::optional<Instant> next_step, size_t plan,
                bool may_be_unhappy, size_t actor);
  Status Do(const Event& e);
  Status Outcome(const Event& e);
  Status DrawSample();
  Status Survey();
  Status Answer(const Event& e);
  Status Suggestion(const Event& e);
  Instant Office(Instant t);
  size_t DeskActor(Id org_unit_id);

  Services& s_;
  const DemoOptions& o_;
  const World& w_;
  const core::ZoneRules& zone_;
  std::mt19937 rng_;
  std::multimap<Instant, Event> events_;
  std::set<Id> seen_;
  std::set<size_t> reopened_;
  Id survey_id_ = 0;
  std::vector<SurveyQuestion> questions_;
  std::vector<std::pair<std::string, Id>> tokens_;  // token, customer
};

}  // namespace csqm::app::demo
