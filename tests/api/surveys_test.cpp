// /api/v1/surveys, /api/v1/suggestions and the public routes through a real socket: the
// questionnaire lifecycle and role checks, invitations to a stratified sample, the personal
// link answered without login (bad, expired and used tokens, validation problems), agent
// entry, results with coverage, and the suggestion book with its limits.
#include <gtest/gtest.h>

#include "api_server.hpp"

namespace csqm::test {
namespace {
namespace json = boost::json;

std::string Id(const json::object& o) { return std::to_string(o.at("id").as_int64()); }

// The items of a list answer, copied (a range-for over a temporary's member would dangle).
json::array Items(const ClientResponse& r) {
  auto o = Json(r);
  return o["items"].as_array();
}

json::array Questions() {
  return json::array{
      json::object{{"section", "answered"},
                   {"kind", "rating"},
                   {"text_zh", "接听及时吗？"},
                   {"text_en", "Answered promptly?"}},
      json::object{{"section", "resolved"},
                   {"kind", "single"},
                   {"text_zh", "问题解决了吗？"},
                   {"options", json::array{json::object{{"key", "yes"}, {"zh", "是"}},
                                           json::object{{"key", "no"}, {"zh", "否"}}}}},
      json::object{{"section", "resolved"},
                   {"kind", "multiple"},
                   {"text_zh", "哪些方面需要改进？"},
                   {"required", false},
                   {"options", json::array{json::object{{"key", "speed"}, {"zh", "速度"}},
                                           json::object{{"key", "attitude"}, {"zh", "态度"}},
                                           json::object{{"key", "quality"}, {"zh", "质量"}}}}},
      json::object{{"kind", "text"}, {"text_zh", "其他意见"}, {"required", false}}};
}

// An open questionnaire; returns it with its questions.
json::object OpenSurvey(Session& qm, const std::string& title) {
  auto r = qm.Post("/api/v1/surveys",
                   json::object{{"title", title}, {"questions", Questions()}, {"status", "open"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return Json(r);
}

int64_t Q(const json::object& survey, size_t i) {
  return survey.at("questions").as_array().at(i).as_object().at("id").as_int64();
}

json::array GoodAnswers(const json::object& s, int score) {
  return json::array{
      json::object{{"question_id", Q(s, 0)}, {"score", score}},
      json::object{{"question_id", Q(s, 1)}, {"choices", json::array{"yes"}}},
      json::object{{"question_id", Q(s, 2)}, {"choices", json::array{"speed", "quality"}}}};
}

TEST(SurveysApi, QuestionnaireLifecycleAndRoleChecks) {
  Session qm("qm");
  Session agent("agent1");
  EXPECT_EQ(agent.Post("/api/v1/surveys", json::object{{"title", "年度满意度调查"}}).status, 403);
  auto bad = qm.Post(
      "/api/v1/surveys",
      json::object{{"title", "x"},
                   {"questions", json::array{json::object{{"kind", "essay"}, {"text_zh", "?"}}}}});
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(Json(bad)["field"], "questions[0].kind");
  EXPECT_EQ(bad.Header("Content-Type").value_or(""), "application/problem+json");
  auto one_option = qm.Post(
      "/api/v1/surveys",
      json::object{{"title", "x"},
                   {"questions", json::array{json::object{
                                     {"kind", "single"},
                                     {"text_zh", "?"},
                                     {"options", json::array{json::object{{"key", "a"}}}}}}}});
  EXPECT_EQ(Json(one_option)["field"], "questions[0].options");

  auto created = qm.Post("/api/v1/surveys",
                         json::object{{"title", "年度满意度调查"}, {"questions", Questions()}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto survey = Json(created);
  EXPECT_EQ(survey["status"], "draft");
  EXPECT_EQ(survey["questions"].as_array().size(), 4u);
  EXPECT_EQ(survey["questions"].as_array()[0].as_object()["section"], "answered");
  const std::string path = "/api/v1/surveys/" + Id(survey);
  EXPECT_EQ(agent.Get(path).status, 200);
  auto opened = qm.Patch(path, json::object{{"status", "open"}}, {{"If-Match", "\"v1\""}});
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(Json(opened)["status"], "open");
  EXPECT_EQ(qm.Patch(path, json::object{{"questions", Questions()}}).status, 409) << "not a draft";
  EXPECT_EQ(qm.Patch(path, json::object{{"status", "draft"}}).status, 409);
  EXPECT_EQ(qm.Patch(path, json::object{{"status", "open"}}, {{"If-Match", "\"v1\""}}).status, 412);
  EXPECT_EQ(agent.Patch(path, json::object{{"status", "closed"}}).status, 403);
  auto empty = Json(qm.Post("/api/v1/surveys", json::object{{"title", "空问卷"}}));
  EXPECT_EQ(qm.Patch("/api/v1/surveys/" + Id(empty), json::object{{"status", "open"}}).status, 409);
  bool listed = false;
  for (const auto& s : Items(agent.Get("/api/v1/surveys"))) {
    listed = listed || s.as_object().at("id") == survey["id"];
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(qm.Get("/api/v1/surveys/999999").status, 404);
}

TEST(SurveysApi, PersonalLinkIsAnsweredOnceWithoutLogin) {
  Session qm("qm");
  Session agent("agent1");
  for (int i = 0; i < 4; ++i) {
    auto r = agent.Post("/api/v1/customers", json::object{{"name", "问卷业主" + std::to_string(i)},
                                                          {"tier", "key_account"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto survey = OpenSurvey(qm, "大客户满意度调查");
  const std::string invite = "/api/v1/surveys/" + Id(survey) + "/invitations";
  EXPECT_EQ(agent.Post(invite, json::object{{"tiers", json::array{"key_account"}}}).status, 403);
  EXPECT_EQ(Json(qm.Post(invite, json::object{{"percent", 0}}))["field"], "percent");
  EXPECT_EQ(Json(qm.Post(invite, json::object{{"tiers", json::array{"gold"}}}))["field"], "tiers");
  auto invited = qm.Post(invite, json::object{{"tiers", json::array{"key_account"}},
                                              {"org_unit_id", ApiServer::Get().UnitId("P1")},
                                              {"percent", 50},
                                              {"seed", 99},
                                              {"expires_days", 7}});
  ASSERT_EQ(invited.status, 201) << invited.body;
  auto result = Json(invited);
  EXPECT_EQ(result["seed"], "99");
  const auto& strata = result["strata"].as_array();
  ASSERT_EQ(strata.size(), 1u) << "one segment: key accounts of P1";
  EXPECT_GE(strata[0].as_object().at("population").as_int64(), 4);
  const auto& invitations = result["invitations"].as_array();
  ASSERT_GE(invitations.size(), 2u);
  EXPECT_EQ(int64_t(invitations.size()), strata[0].as_object().at("selected").as_int64());
  const std::string token(invitations[0].as_object().at("token").as_string());
  // The page a customer opens (the web UI's /s/{token}) and the API behind it.
  EXPECT_EQ(invitations[0].as_object().at("link"), json::value("/s/" + token));
  const std::string link = "/api/v1/public/surveys/" + token;
  EXPECT_EQ(invitations[0].as_object().at("api"), json::value(link));
  // Inviting again skips those already invited.
  auto again = Json(qm.Post(invite, json::object{{"tiers", json::array{"key_account"}},
                                                 {"org_unit_id", ApiServer::Get().UnitId("P1")},
                                                 {"percent", 50},
                                                 {"seed", 99}}));
  EXPECT_TRUE(again["invitations"].as_array().empty());
  EXPECT_EQ(again["already_invited"].as_int64(), int64_t(invitations.size()));

  Session anonymous = Session::Anonymous();
  auto form = anonymous.Get(link);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(Json(form)["title"], "大客户满意度调查");
  EXPECT_EQ(Json(form)["questions"].as_array().size(), 4u);
  EXPECT_EQ(anonymous.Get("/api/v1/public/surveys/not-a-token").status, 404);
  EXPECT_EQ(Json(anonymous.Get("/api/v1/public/surveys/not-a-token"))["code"], "survey.bad_token");

  struct Bad {
    json::array answers;
    const char* field;
  } bad[] = {
      {json::array{json::object{{"question_id", Q(survey, 0)}, {"score", 7}}}, "answers[0].score"},
      {json::array{
           json::object{{"question_id", Q(survey, 1)}, {"choices", json::array{"yes", "no"}}}},
       "answers[0].choices"},
      {json::array{json::object{{"question_id", Q(survey, 2)}, {"choices", json::array{"price"}}}},
       "answers[0].choices"},
      {json::array{json::object{{"question_id", 999999}, {"score", 3}}}, "answers[0].question_id"},
      {json::array{json::object{{"question_id", Q(survey, 3)}, {"text", ""}}}, "answers[0].text"},
      {json::array{json::object{{"question_id", Q(survey, 0)}, {"score", 4}}},
       "answers"},  // required missing
  };
  for (const auto& b : bad) {
    auto r = anonymous.Post(link, json::object{{"answers", b.answers}});
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/problem+json");
    EXPECT_EQ(Json(r)["field"], b.field) << r.body;
  }
  EXPECT_EQ(anonymous.Post(link, json::object{{"answers", "all good"}}).status, 400);
  auto answered = anonymous.Post(link, json::object{{"answers", GoodAnswers(survey, 4)}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  auto twice = anonymous.Post(link, json::object{{"answers", GoodAnswers(survey, 1)}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(Json(twice)["code"], "survey.already_answered");
  EXPECT_EQ(anonymous.Get(link).status, 409);

  // A second link expires after its 7 days.
  const std::string other =
      "/api/v1/public/surveys/" + std::string(invitations[1].as_object().at("token").as_string());
  auto& clock = ApiServer::Get().clock();
  clock.Advance(std::chrono::days(8));
  auto expired = anonymous.Post(other, json::object{{"answers", GoodAnswers(survey, 5)}});
  const auto expired_get = anonymous.Get(other);
  clock.Advance(-std::chrono::days(8));
  EXPECT_EQ(expired.status, 410) << expired.body;
  EXPECT_EQ(Json(expired)["code"], "survey.link_expired");
  EXPECT_EQ(expired_get.status, 410);

  auto results = qm.Get("/api/v1/surveys/" + Id(survey) + "/results");
  ASSERT_EQ(results.status, 200) << results.body;
  auto r = Json(results);
  EXPECT_EQ(r["responses"], 1);
  const auto& q0 = r["questions"].as_array()[0].as_object();
  EXPECT_EQ(q0.at("mean").as_double(), 4.0);
  EXPECT_EQ(q0.at("distribution").as_object().at("4"), 1);
  EXPECT_EQ(q0.at("distribution").as_object().at("1"), 0);
  const auto& q2 = r["questions"].as_array()[2].as_object();
  EXPECT_EQ(q2.at("distribution").as_object().at("speed"), 1);
  EXPECT_EQ(q2.at("distribution").as_object().at("attitude"), 0);
  ASSERT_EQ(r["coverage"].as_array().size(), 1u);
  const auto& cov = r["coverage"].as_array()[0].as_object();
  EXPECT_EQ(cov.at("invited").as_int64(), int64_t(invitations.size()));
  EXPECT_EQ(cov.at("answered"), 1);
  EXPECT_EQ(agent.Get("/api/v1/surveys/" + Id(survey) + "/results").status, 403);
}

TEST(SurveysApi, AgentEntersAnswersDuringACall) {
  Session qm("qm");
  Session agent("agent1");
  auto survey = OpenSurvey(qm, "电话满意度调查");
  const std::string path = "/api/v1/surveys/" + Id(survey) + "/responses";
  auto customer = Json(agent.Post("/api/v1/customers", json::object{{"name", "来电业主"}}));
  auto entered = agent.Post(
      path, json::object{{"customer_id", customer["id"]}, {"answers", GoodAnswers(survey, 5)}});
  ASSERT_EQ(entered.status, 201) << entered.body;
  EXPECT_EQ(Json(agent.Post(path, json::object{{"customer_id", 999999},
                                               {"answers", GoodAnswers(survey, 5)}}))["field"],
            "customer_id");
  Session auditor("auditor");
  EXPECT_EQ(auditor.Post(path, json::object{{"answers", GoodAnswers(survey, 3)}}).status, 403);
  EXPECT_EQ(Json(qm.Get("/api/v1/surveys/" + Id(survey) + "/results"))["responses"], 1);
  ASSERT_EQ(qm.Patch("/api/v1/surveys/" + Id(survey), json::object{{"status", "closed"}}).status,
            200);
  auto closed = agent.Post(path, json::object{{"answers", GoodAnswers(survey, 3)}});
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(Json(closed)["code"], "survey.not_open");
}

TEST(SurveysApi, SuggestionBookTakesAnonymousNotesWithinLimits) {
  Session anonymous = Session::Anonymous();
  EXPECT_EQ(Json(anonymous.Post("/api/v1/public/suggestions", json::object{{"text", ""}}))["field"],
            "text");
  EXPECT_EQ(
      anonymous.Post("/api/v1/public/suggestions", json::object{{"text", std::string(7000, 'x')}})
          .status,
      400);
  EXPECT_EQ(
      anonymous.Post("/api/v1/public/suggestions", json::object{{"text", "好"}, {"name", "x"}})
          .status,
      400);
  for (int i = 0; i < 5; ++i) {
    auto r =
        anonymous.Post("/api/v1/public/suggestions",
                       json::object{{"text", "电梯经常停运，希望尽快维修 " + std::to_string(i)},
                                    {"contact", "3栋 张女士"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto limited = anonymous.Post("/api/v1/public/suggestions", json::object{{"text", "再一条"}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(Json(limited)["code"], "suggestion.rate_limited");

  Session qm("qm");
  auto book = qm.Get("/api/v1/suggestions?limit=10");
  ASSERT_EQ(book.status, 200) << book.body;
  auto items = Json(book)["items"].as_array();
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].as_object().at("text"), "电梯经常停运，希望尽快维修 4") << "newest first";
  EXPECT_EQ(items[0].as_object().at("contact"), "3栋 张女士");
  Session agent("agent1");
  EXPECT_EQ(agent.Get("/api/v1/suggestions").status, 403);
  EXPECT_EQ(Session::Anonymous().Get("/api/v1/suggestions").status, 401);
  // The suggestion book is a survey of its own kind; it cannot be edited.
  for (const auto& s : Items(qm.Get("/api/v1/surveys"))) {
    if (s.as_object().at("kind") == "suggestion_book") {
      EXPECT_EQ(
          qm.Patch("/api/v1/surveys/" + Id(s.as_object()), json::object{{"title", "改名"}}).status,
          409);
    }
  }
}

}  // namespace
}  // namespace csqm::test
