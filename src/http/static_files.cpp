#include "http/static_files.hpp"

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <utility>

#include "http/problem.hpp"
#include "platform/files.hpp"

namespace csqm::http {
namespace fs = std::filesystem;
namespace {

bool IsSafeRelativePath(std::string_view rel) {
  if (rel.find('\0') != std::string_view::npos || rel.find('\\') != std::string_view::npos) {
    return false;
  }
  while (!rel.empty()) {
    size_t slash = rel.find('/');
    std::string_view segment = rel.substr(0, slash);
    if (segment == ".." || segment == ".") return false;
    if (slash == std::string_view::npos) break;
    rel.remove_prefix(slash + 1);
  }
  return true;
}

bool HasExtension(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return last.find('.') != std::string_view::npos;
}

bool IsRegularFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// A strong validator from size and modification time.
std::string ETagFor(const fs::path& p) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  auto mtime = fs::last_write_time(p, ec).time_since_epoch().count();
  return fmt::format("\"{:x}-{:x}\"", size, static_cast<uint64_t>(mtime));
}

// If-None-Match: "*" or a list of (possibly weak) entity tags.
bool NoneMatchHits(std::string_view header, std::string_view etag) {
  if (header.find('*') != std::string_view::npos) return true;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

StaticFiles::StaticFiles(std::string root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  root_ = ec ? std::move(root) : canonical.string();
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

core::Status StaticFiles::CheckRoot(const std::string& root) {
  std::error_code ec;
  if (fs::is_directory(root, ec)) return {};
  return core::MakeError(core::ErrorCode::kFailedPrecondition, "http.static_dir_missing",
                         "静态文件目录不存在：" + root,
                         "The static files directory does not exist: " + root, "static_dir");
}

std::string StaticFiles::ContentTypeFor(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".xml", "application/xml"},
      {".pdf", "application/pdf"},
      {".wasm", "application/wasm"},
      {".webmanifest", "application/manifest+json"},
  }};
  size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    std::string_view ext = file_name.substr(dot);
    for (const auto& [known, type] : kTypes) {
      if (EqualsIgnoreCase(ext, known)) return std::string(type);
    }
  }
  return "application/octet-stream";
}

std::optional<Response> StaticFiles::Serve(const Request& request) const {
  const std::string& path = request.path;
  if (path == "/api" || path.starts_with("/api/")) return std::nullopt;
  std::string_view lang = PreferredLanguage(request);
  std::string rel = path.size() > 1 ? path.substr(1) : std::string();
  if (!IsSafeRelativePath(rel)) return EdgeProblemResponse(EdgeProblem::kRouteNotFound, lang);

  fs::path file = fs::path(root_) / rel;
  std::error_code ec;
  if (rel.empty() || fs::is_directory(file, ec)) file /= "index.html";
  bool spa_fallback = false;
  if (!IsRegularFile(file)) {
    if (HasExtension(path)) return EdgeProblemResponse(EdgeProblem::kRouteNotFound, lang);
    file = fs::path(root_) / "index.html";
    spa_fallback = true;
    if (!IsRegularFile(file)) return EdgeProblemResponse(EdgeProblem::kRouteNotFound, lang);
  }
  // Symlinks must not lead out of the root.
  std::string resolved = fs::canonical(file, ec).string();
  if (ec || !resolved.starts_with(root_ + "/")) {
    return EdgeProblemResponse(EdgeProblem::kRouteNotFound, lang);
  }

  Response response;
  std::string etag = ETagFor(resolved);
  response.SetHeader("ETag", etag);
  response.SetHeader("X-Content-Type-Options", "nosniff");
  // Vite puts content-hashed names under /assets/: cache them for good, revalidate the rest.
  bool immutable = !spa_fallback && path.starts_with("/assets/");
  response.SetHeader("Cache-Control",
                     immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (auto none_match = request.Header("If-None-Match");
      none_match && NoneMatchHits(*none_match, etag)) {
    response.status = 304;
    return response;
  }
  auto content = platform::ReadFile(resolved);
  if (!content) return EdgeProblemResponse(EdgeProblem::kRouteNotFound, lang);
  response.body = std::move(content).value();
  response.SetHeader("Content-Type", ContentTypeFor(resolved));
  return response;
}

}  // namespace csqm::http
