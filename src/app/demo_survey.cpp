// The demo's satisfaction survey and suggestion book (Aftercare), and its after-care wording.
#include <array>
#include <boost/json.hpp>

#include "app/demo_aftercare.hpp"
#include "app/surveys.hpp"

namespace csqm::app::demo {
namespace {

namespace json = boost::json;

SurveyQuestion Question(std::string section, std::string kind, std::string zh, std::string en,
                        std::vector<std::array<const char*, 3>> options = {},
                        bool required = true) {
  SurveyQuestion q;
  q.section = std::move(section);
  q.kind = std::move(kind);
  q.text_zh = std::move(zh);
  q.text_en = std::move(en);
  json::array list;
  for (const auto& [key, zh_text, en_text] : options) {
    list.push_back(json::object{{"key", key}, {"zh", zh_text}, {"en", en_text}});
  }
  q.options_json = json::serialize(list);
  q.required = required;
  return q;
}

// Sections follow the SLA targets: response (answered), on_site, resolved, and attitude.
std::vector<SurveyQuestion> Questions() {
  return {
      Question("answered", "rating", "您对客服中心接听电话、受理报修和投诉的响应速度是否满意？",
               "How satisfied are you with how fast the service desk answers and takes requests?"),
      Question("on_site", "rating", "维修人员是否按约定时间上门？请为上门及时性打分。",
               "Did the technician arrive on time? Rate the punctuality."),
      Question("on_site", "single", "报修后维修人员通常多久上门？",
               "How long does a technician usually take to arrive?",
               {{"within_30m", "30 分钟内", "Within 30 minutes"},
                {"within_2h", "2 小时内", "Within 2 hours"},
                {"same_day", "当天", "The same day"},
                {"later", "超过一天", "More than a day"}}),
      Question("resolved", "rating", "您对问题处理结果（维修质量、投诉处理）的满意程度？",
               "How satisfied are you with the result (repair quality, complaint handling)?"),
      Question("resolved", "single", "您反映的问题是否一次解决？",
               "Was your problem solved the first time?",
               {{"first_time", "一次解决", "The first time"},
                {"after_rework", "返修或多次处理后解决", "After rework"},
                {"not_yet", "尚未解决", "Not yet"}}),
      Question("attitude", "rating", "您对客服和维修人员的服务态度是否满意？",
               "How satisfied are you with the staff's attitude?"),
      Question("attitude", "multiple", "您认为我们最需要改进的方面（可多选）",
               "What should we improve most? (choose any)",
               {{"response", "接听与响应", "Answering and response"},
                {"punctuality", "上门准时", "Punctuality"},
                {"quality", "维修质量", "Repair quality"},
                {"attitude", "服务态度", "Attitude"},
                {"information", "信息公开", "Information"},
                {"cleaning", "环境卫生", "Cleaning"}}),
      Question("other", "text", "其他意见和建议（选填）", "Anything else? (optional)", {}, false),
  };
}

const std::vector<std::string> kTextAnswers = {
    "总体不错，希望晚上也能有人接电话。", "维修师傅很专业，就是等配件时间有点长。",
    "小区绿化最近修剪得很好，点赞。",     "地下车库灯光偏暗，建议增加照明。",
    "客服小姑娘态度很好，谢谢！",         "电梯维保能否提前在群里通知？"};

}  // namespace

const std::vector<std::string>& UnreachableNotes() {
  static const std::vector<std::string> v = {"电话无人接听", "客户正忙，约定稍后再打", "关机",
                                             "号码暂时无法接通"};
  return v;
}

const std::vector<std::string>& CallbackOpinions(const std::string& satisfaction) {
  static const std::vector<std::string> happy = {
      "问题已经解决，处理很及时，满意。", "师傅上门很准时，修得也好。", "客服跟进得很认真，谢谢。",
      "处理结果满意，没有其他意见。"};
  static const std::vector<std::string> basic = {"问题解决了，但等的时间有点长。",
                                                 "基本满意，希望下次能一次修好。",
                                                 "结果可以，沟通可以再主动一些。"};
  static const std::vector<std::string> unhappy = {"问题没有解决，又出现了同样的情况。",
                                                   "处理结果不满意，希望主管再来看看。",
                                                   "维修后还是漏水，需要重新处理。"};
  if (satisfaction == "satisfied") return happy;
  return satisfaction == "basically_satisfied" ? basic : unhappy;
}

const std::vector<std::string>& CallbackSuggestions() {
  static const std::vector<std::string> v = {
      "希望维修前先电话确认时间。", "建议在业主群里公布处理进度。", "周末也希望能安排维修。"};
  return v;
}

const std::vector<std::string>& SuggestionTexts() {
  static const std::vector<std::string> v = {
      "（演示）3 号楼单元门门禁经常失灵，希望尽快更换。",
      "（演示）建议在小区东门增设快递柜，现在取件要绕很远。",
      "（演示）物业费缴费能否支持按季度线上缴纳？",
      "（演示）游泳池开放时间能否延长到晚上九点？",
      "（演示）感谢保安师傅帮忙搬运家具，服务很贴心！",
      "（演示）垃圾分类投放点晚上味道较大，建议增加清运次数。"};
  return v;
}

Status Aftercare::Survey() {
  const Actor& quality = w_.staff[w_.quality];
  SurveyInput in;
  in.title = "（演示）业主满意度调查";
  in.description = "演示数据：按响应速度、上门时间、处理质量、服务态度四个方面了解业主满意度。";
  in.questions = Questions();
  auto created = CreateSurvey(s_, quality, in);
  if (!created) return created.error();
  SurveyInput open;
  open.status = "open";
  auto opened = UpdateSurvey(s_, quality, created->survey.id, open, -1);
  if (!opened) return opened.error();
  survey_id_ = opened->survey.id;
  questions_ = opened->questions;
  InviteInput invite;
  invite.org_unit_id = w_.company.id;
  invite.percent = 20;
  invite.seed = o_.seed;
  auto invited = InviteCustomers(s_, quality, survey_id_, invite);
  if (!invited) return invited.error();
  report.survey_invitations = int(invited->invitations.size());
  const Instant now = s_.clock.Now();
  const auto span = std::chrono::duration_cast<std::chrono::minutes>(o_.now - now).count();
  for (const auto& inv : invited->invitations) {
    tokens_.emplace_back(inv.token, inv.customer_id);
    if (!Chance(rng_, 55) || span < 120) continue;  // about half answer by link
    const Instant at = Office(now + std::chrono::minutes(Uniform(rng_, 60, int(span) - 60)));
    if (at < o_.now) {
      events_.emplace(at, Event{Event::kLinkAnswer, 0, SIZE_MAX, 0, "", int(tokens_.size() - 1)});
    }
  }
  for (int i = 0; i < 12 && span > 120 && !w_.customers.empty(); ++i) {  // entered during calls
    const size_t customer = size_t(Uniform(rng_, 0, int(w_.customers.size()) - 1));
    const auto& agents = w_.projects[w_.customer_project[customer]].agents;
    if (agents.empty()) continue;
    const Instant at = Office(now + std::chrono::minutes(Uniform(rng_, 60, int(span) - 60)));
    if (at < o_.now) {
      events_.emplace(
          at, Event{Event::kAgentAnswer, 0, SIZE_MAX, PickOne(rng_, agents), "", int(customer)});
    }
  }
  return {};
}

Status Aftercare::Answer(const Event& e) {
  const int mood = Uniform(rng_, 0, 99);  // most content, some lukewarm, a few unhappy
  const auto score = [&] {
    return mood < 65 ? Uniform(rng_, 4, 5) : mood < 90 ? Uniform(rng_, 3, 4) : Uniform(rng_, 1, 3);
  };
  std::vector<AnswerInput> answers;
  for (const auto& q : questions_) {
    AnswerInput a;
    a.question_id = q.id;
    if (q.kind == "rating") a.score = score();
    if (q.kind == "single" || q.kind == "multiple") {
      auto options = boost::json::parse(q.options_json).as_array();
      const size_t pick = mood < 65 ? 0 : size_t(Uniform(rng_, 0, int(options.size()) - 1));
      a.choices =
          std::vector<std::string>{std::string(options[pick].as_object().at("key").as_string())};
      if (q.kind == "multiple" && Chance(rng_, 40)) {
        const size_t more = (pick + 1 + size_t(Uniform(rng_, 0, 3))) % options.size();
        if (more != pick) a.choices->emplace_back(options[more].as_object().at("key").as_string());
      }
    }
    if (q.kind == "text") {
      if (!Chance(rng_, 45)) continue;
      a.text = PickOne(rng_, kTextAnswers);
    }
    answers.push_back(std::move(a));
  }
  if (e.kind == Event::kLinkAnswer) {
    auto id = SubmitPublicResponse(s_, tokens_[size_t(e.index)].first, answers);
    if (!id) return id.error();
  } else {
    auto id = EnterSurveyResponse(s_, w_.staff[e.actor], survey_id_,
                                  w_.customers[size_t(e.index)].id, answers);
    if (!id) return id.error();
  }
  ++report.survey_responses;
  return {};
}

Status Aftercare::Suggestion(const Event& e) {
  SuggestionInput in;
  in.text = SuggestionTexts()[size_t(e.index)];
  if (e.index % 2 == 0) in.contact = "业主 1380000" + std::to_string(1000 + e.index * 7);
  in.remote_address = "192.0.2." + std::to_string(10 + e.index);  // documentation range
  auto id = SubmitSuggestion(s_, in);
  if (!id) return id.error();
  ++report.suggestions;
  return {};
}

}  // namespace csqm::app::demo
