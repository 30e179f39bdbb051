// Attachments of a case: photos, call recordings, documents (R1.1).
#include <array>

#include "app/access.hpp"
#include "app/audit.hpp"
#include "app/case_actions.hpp"
#include "app/timeline.hpp"

namespace csqm::app {
namespace {

using core::ErrorCode;
using core::MakeError;

struct Magic {
  const char* content_type;
  std::string_view prefix;
  size_t offset;
};

// Types a service desk needs, recognised by their first bytes — the declared type is not
// trusted. Text is accepted when it is valid UTF-8 without NUL bytes.
const std::array<Magic, 8> kMagic = {{
    {"image/jpeg", std::string_view("\xFF\xD8\xFF", 3), 0},
    {"image/png", std::string_view("\x89PNG\r\n\x1A\n", 8), 0},
    {"image/gif", "GIF8", 0},
    {"image/webp", "WEBP", 8},
    {"application/pdf", "%PDF-", 0},
    {"audio/mpeg", "ID3", 0},
    {"audio/wav", "WAVE", 8},
    {"audio/mp4", "ftyp", 4},
}};

bool IsUtf8Text(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return false;
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > bytes.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) >> 6) != 2) return false;
    }
    i += n;
  }
  return true;
}

std::optional<std::string> Sniff(std::string_view bytes) {
  for (const auto& m : kMagic) {
    if (bytes.size() >= m.offset + m.prefix.size() &&
        bytes.substr(m.offset, m.prefix.size()) == m.prefix) {
      return std::string(m.content_type);
    }
  }
  if (IsUtf8Text(bytes.substr(0, 64 * 1024))) return std::string("text/plain");
  return std::nullopt;
}

std::string SafeFilename(std::string name) {
  for (char& c : name) {
    if (c == '/' || c == '\\' || c == '"' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  if (name.empty()) name = "attachment";
  return name.substr(0, 200);
}

}  // namespace

Result<Attachment> AddAttachment(Services& s, const Actor& actor, Id case_id,
                                 const std::string& filename, const std::string& content_type,
                                 std::string_view bytes) {
  if (auto st = RequireCaseWriter(actor); !st) return st.error();
  if (bytes.empty() || int64_t(bytes.size()) > s.settings.attachment_limit) {
    return MakeError(
        ErrorCode::kInvalidArgument, "attachment.bad_size",
        "附件为空或超过大小限制（" + std::to_string(s.settings.attachment_limit >> 20) + " MB）",
        "the attachment is empty or larger than the limit (" +
            std::to_string(s.settings.attachment_limit >> 20) + " MB)",
        "file");
  }
  auto sniffed = Sniff(bytes);
  if (!sniffed) {
    return MakeError(ErrorCode::kInvalidArgument, "attachment.bad_type",
                     "不支持的附件类型（支持图片、PDF、录音和文本）",
                     "unsupported attachment type (images, PDF, recordings and text are)", "file");
  }
  const std::string declared = content_type.substr(0, content_type.find(';'));
  if (!declared.empty() && declared != "application/octet-stream" && declared != *sniffed) {
    return MakeError(ErrorCode::kInvalidArgument, "attachment.type_mismatch",
                     "附件内容与声明的类型不符（" + declared + "）",
                     "the content does not match the declared type (" + declared + ")", "file");
  }
  const std::string sha = s.crypto.Sha256Hex(bytes);
  const Instant now = s.clock.Now();
  Attachment added;
  // The content is stored (after an access check) before the row commits, outside the write
  // transaction: a failed commit leaves an unreferenced blob, never a row without content.
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto record = LoadVisibleCase(tx, actor, case_id);
    return record ? Status{} : Status{record.error()};
  });
  if (!st) return st.error();
  if (auto put = s.blobs.Put(sha, bytes); !put) return put.error();
  st = s.store.Write([&](Tx& tx) -> Status {
    auto record = LoadVisibleCase(tx, actor, case_id);
    if (!record) return record.error();
    Attachment a{0,          case_id, sha, SafeFilename(filename), *sniffed, int64_t(bytes.size()),
                 actor.id(), now};
    auto stored = tx.Cases().AddAttachment(std::move(a));
    if (!stored) return stored.error();
    added = std::move(*stored);
    return RecordChange(tx, s, *record, actor.id(), now,
                        {"attachment", added.filename,
                         "{\"attachment_id\":" + std::to_string(added.id) + ",\"sha256\":\"" + sha +
                             "\",\"size\":" + std::to_string(added.size) + "}",
                         "public"});
  });
  if (!st) return st.error();
  return added;
}

Result<AttachmentContent> GetAttachment(Services& s, const Actor& actor, Id attachment_id) {
  AttachmentContent out;
  auto st = s.store.Read([&](Tx& tx) -> Status {
    auto meta = tx.Cases().GetAttachment(attachment_id);
    if (!meta) return meta.error();
    auto record = LoadVisibleCase(tx, actor, meta->case_id);
    if (!record) {
      return MakeError(ErrorCode::kNotFound, "attachment.not_found", "附件不存在",
                       "attachment not found", "id");
    }
    out.meta = std::move(*meta);
    return {};
  });
  if (!st) return st.error();
  auto bytes = s.blobs.Get(out.meta.sha256);
  if (!bytes) return bytes.error();
  out.bytes = std::move(*bytes);
  return out;
}

Result<std::vector<Attachment>> ListAttachments(Services& s, const Actor& actor, Id case_id) {
  return ReadOfVisibleCase(s.store, actor, case_id,
                           [&](Tx& tx) { return tx.Cases().Attachments(case_id); });
}

}  // namespace csqm::app
