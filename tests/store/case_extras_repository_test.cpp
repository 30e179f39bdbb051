// Store contract: timeline, attachments, extension requests and links (CaseRepository).
#include <gtest/gtest.h>

#include "repository_fixture.hpp"

namespace csqm::store::testing {
namespace {

class CaseExtrasRepositoryTest : public RepositoryTest {
 protected:
  void SetUp() override {
    RepositoryTest::SetUp();
    if (HasFatalFailure()) return;
    w_ = MakeWorld();
    case_id_ = AddCase(w_, w_.project_a.id, w_.agent.id, std::nullopt, "TS-202611-000001").id;
  }

  app::TimelineEntry Entry(const std::string& kind, const std::string& visibility, int minute) {
    app::TimelineEntry e;
    e.case_id = case_id_;
    e.at = At(minute);
    e.actor_id = w_.agent.id;
    e.kind = kind;
    e.visibility = visibility;
    e.body = kind + " 正文";
    e.data_json = R"({"k":1})";
    return Must(InWrite([&](app::Tx& tx) { return tx.Cases().AddTimeline(e); }));
  }

  app::ExtensionRequest Extension(Id case_id) {
    app::ExtensionRequest r;
    r.case_id = case_id;
    r.target_key = "resolved";
    r.requested_by = w_.field.id;
    r.requested_at = At(10);
    r.requested_due = At(2000);
    r.reason = "等待配件";
    return Must(InWrite([&](app::Tx& tx) { return tx.Cases().AddExtension(r); }));
  }

  World w_;
  Id case_id_ = 0;
};

TEST_F(CaseExtrasRepositoryTest, Timeline_PagesOldestFirstAndHidesInternalOnRequest) {
  const auto created = Entry("created", "public", 1);
  const auto note = Entry("comment", "internal", 2);
  const auto reply = Entry("comment", "public", 3);
  app::TimelineEntry system;
  system.case_id = case_id_;
  system.at = At(4);
  system.kind = "escalation";
  const auto escalation =
      Must(InWrite([&](app::Tx& tx) { return tx.Cases().AddTimeline(system); }));

  const auto all = Must(
      InRead([&](app::Tx& tx) { return tx.Cases().Timeline(case_id_, true, std::nullopt, 3); }));
  ASSERT_EQ(all.items.size(), 3u);
  EXPECT_EQ(all.items[0].id, created.id);
  EXPECT_EQ(all.items[0].body, "created 正文");
  EXPECT_EQ(all.items[0].data_json, R"({"k":1})");
  EXPECT_EQ(all.items[0].actor_id, w_.agent.id);
  EXPECT_EQ(all.items[1].id, note.id);
  ASSERT_TRUE(all.next_cursor);
  const auto rest = Must(
      InRead([&](app::Tx& tx) { return tx.Cases().Timeline(case_id_, true, all.next_cursor, 3); }));
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.items[0].id, escalation.id);
  EXPECT_EQ(rest.items[0].actor_id, std::nullopt);  // the system
  EXPECT_EQ(rest.items[0].visibility, "internal");  // the default
  EXPECT_FALSE(rest.next_cursor);

  const auto customer_view = Must(
      InRead([&](app::Tx& tx) { return tx.Cases().Timeline(case_id_, false, std::nullopt, 50); }));
  ASSERT_EQ(customer_view.items.size(), 2u);
  EXPECT_EQ(customer_view.items[0].id, created.id);
  EXPECT_EQ(customer_view.items[1].id, reply.id);
}

TEST_F(CaseExtrasRepositoryTest, Attachments_AddGetAndList) {
  app::Attachment a;
  a.case_id = case_id_;
  a.sha256 = std::string(64, 'a');
  a.filename = "现场照片.jpg";
  a.content_type = "image/jpeg";
  a.size = 123456;
  a.uploaded_by = w_.field.id;
  a.uploaded_at = At(9);
  const auto stored = Must(InWrite([&](app::Tx& tx) { return tx.Cases().AddAttachment(a); }));
  const auto read = Must(InRead([&](app::Tx& tx) { return tx.Cases().GetAttachment(stored.id); }));
  EXPECT_EQ(read.case_id, case_id_);
  EXPECT_EQ(read.sha256, a.sha256);
  EXPECT_EQ(read.filename, "现场照片.jpg");
  EXPECT_EQ(read.content_type, "image/jpeg");
  EXPECT_EQ(read.size, 123456);
  EXPECT_EQ(read.uploaded_by, w_.field.id);
  EXPECT_EQ(read.uploaded_at, At(9));
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Cases().Attachments(case_id_); })).size(), 1u);
  EXPECT_EQ(ReasonOf(InRead([&](app::Tx& tx) { return tx.Cases().GetAttachment(999); })),
            "attachment.not_found");
}

TEST_F(CaseExtrasRepositoryTest, Extensions_DecideWithVersionAndListPendingInScope) {
  const auto pending = Extension(case_id_);
  EXPECT_EQ(pending.status, "pending");
  EXPECT_EQ(pending.version, 1);
  const Id case_b = AddCase(w_, w_.project_b.id, w_.agent.id, std::nullopt, "TS-B").id;
  const auto in_b = Extension(case_b);

  auto in_scope = [&](std::vector<std::string> paths) {
    std::vector<Id> ids;
    for (const auto& r :
         Must(InRead([&](app::Tx& tx) { return tx.Cases().PendingExtensions(paths); }))) {
      ids.push_back(r.id);
    }
    return ids;
  };
  EXPECT_EQ(in_scope({}), (std::vector<Id>{pending.id, in_b.id}));
  EXPECT_EQ(in_scope({w_.project_a.path}), std::vector<Id>{pending.id});

  app::ExtensionRequest approved = pending;
  approved.status = "approved";
  approved.decided_by = w_.supervisor.id;
  approved.decided_at = At(20);
  approved.decision_note = "同意";
  const auto decided =
      Must(InWrite([&](app::Tx& tx) { return tx.Cases().UpdateExtension(approved, 1); }));
  EXPECT_EQ(decided.version, 2);
  EXPECT_EQ(decided.status, "approved");
  EXPECT_EQ(decided.decided_by, w_.supervisor.id);
  EXPECT_EQ(decided.decided_at, At(20));
  EXPECT_EQ(decided.decision_note, "同意");
  EXPECT_EQ(decided.reason, "等待配件");
  EXPECT_EQ(in_scope({w_.project_a.path}), std::vector<Id>{});

  approved.status = "rejected";  // a second decision on the stale version
  EXPECT_EQ(ReasonOf(InWrite([&](app::Tx& tx) { return tx.Cases().UpdateExtension(approved, 1); })),
            "store.version_mismatch");
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Cases().GetExtension(pending.id); })).status,
            "approved");
  EXPECT_EQ(Must(InRead([&](app::Tx& tx) { return tx.Cases().Extensions(case_id_); })).size(), 1u);
  EXPECT_EQ(ReasonOf(InRead([&](app::Tx& tx) { return tx.Cases().GetExtension(999); })),
            "extension.not_found");
}

TEST_F(CaseExtrasRepositoryTest, Links_AreFoundFromBothSidesAndNotDuplicated) {
  const Id other = AddCase(w_, w_.project_a.id, w_.agent.id, std::nullopt, "TS-2").id;
  const Id third = AddCase(w_, w_.project_a.id, w_.agent.id, std::nullopt, "TS-3").id;
  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().AddLink({case_id_, other, "duplicate", w_.agent.id, At(5)});
  }));
  Must(InWrite([&](app::Tx& tx) {
    return tx.Cases().AddLink({third, case_id_, "related", w_.agent.id, At(6)});
  }));

  const auto links = Must(InRead([&](app::Tx& tx) { return tx.Cases().Links(case_id_); }));
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].linked_case_id, other);
  EXPECT_EQ(links[0].kind, "duplicate");
  EXPECT_EQ(links[0].created_at, At(5));
  EXPECT_EQ(links[1].case_id, third);  // made from the other side
  const auto from_other = Must(InRead([&](app::Tx& tx) { return tx.Cases().Links(other); }));
  ASSERT_EQ(from_other.size(), 1u);
  EXPECT_EQ(from_other[0].case_id, case_id_);

  const auto same = InWrite([&](app::Tx& tx) {
    return tx.Cases().AddLink({case_id_, other, "related", w_.agent.id, At(7)});
  });
  EXPECT_EQ(CodeOf(same), core::ErrorCode::kConflict);
  const auto reverse = InWrite([&](app::Tx& tx) {
    return tx.Cases().AddLink({other, case_id_, "related", w_.agent.id, At(7)});
  });
  EXPECT_EQ(CodeOf(reverse), core::ErrorCode::kConflict);
  EXPECT_EQ(CountRows(*db_, "case_links"), 2);
}

}  // namespace
}  // namespace csqm::store::testing
