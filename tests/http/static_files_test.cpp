// The web UI's files: content types, validators, SPA fallback, and nothing outside the root.
#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "test_server.hpp"

namespace csqm::http {
namespace {
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("csqm-static-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  void Write(const std::string& rel, const std::string& content) const {
    fs::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel, std::ios::binary) << content;
  }

 private:
  fs::path path_;
};

TEST(Server, ServesStaticFilesWithSpaFallbackAndNoTraversal) {
  TempDir dir;
  dir.Write("secret.txt", "top secret");
  dir.Write("dist/index.html", "<!doctype html><title>csqm</title>");
  dir.Write("dist/assets/app-3f2a.js", "console.log('csqm')");
  dir.Write("dist/favicon.ico", "ico");
  fs::create_directory_symlink(dir.path(), dir.path() / "dist" / "up");

  Router router;
  router.Add("GET", "/api/v1/ping", [](Request&) { return Response::Json(200, "{}"); });
  ServerOptions options = testing::TestOptions();
  options.static_dir = (dir.path() / "dist").string();
  testing::RunningServer running(std::move(router), options);
  test::HttpClient client = running.Client();

  test::ClientResponse index = client.Request("GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html><title>csqm</title>");
  EXPECT_EQ(index.Header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("Cache-Control").value_or(""), "no-cache");

  test::ClientResponse js = client.Request("GET", "/assets/app-3f2a.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log('csqm')");
  EXPECT_EQ(js.Header("Content-Type").value_or(""), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("Cache-Control").value_or(""), "public, max-age=31536000, immutable");

  // Validators: the same ETag again gives 304 without a body.
  std::string etag = js.Header("ETag").value_or("");
  ASSERT_FALSE(etag.empty());
  test::ClientResponse again =
      client.Request("GET", "/assets/app-3f2a.js", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");

  // HEAD: the length of the file, no body.
  test::ClientResponse head = client.Request("HEAD", "/assets/app-3f2a.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("Content-Length").value_or(""), "19");
  EXPECT_EQ(head.body, "");

  // Single-page-app routes without an extension get index.html; missing files do not.
  test::ClientResponse spa = client.Request("GET", "/cases/TS-202611-000123");
  EXPECT_EQ(spa.status, 200);
  EXPECT_EQ(spa.body, "<!doctype html><title>csqm</title>");
  EXPECT_EQ(client.Request("GET", "/missing.png").status, 404);

  // The API is never answered with index.html; routes win over files.
  test::ClientResponse api = client.Request("GET", "/api/v1/unknown");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.Header("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(client.Request("GET", "/api/v1/ping").body, "{}");
  EXPECT_EQ(client.Request("POST", "/index.html", "{}").status, 404);

  // No way out of the root: dot segments (raw or encoded) and symlinks.
  for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt",
                             "/up/secret.txt", "/..%2Fsecret.txt"}) {
    test::ClientResponse r = client.Request("GET", target);
    EXPECT_NE(r.body, "top secret") << target;
    EXPECT_EQ(r.status, 404) << target;
  }
}

TEST(Server, StartFailsWhenStaticDirIsMissing) {
  Router router;
  Metrics metrics;
  ServerOptions options = testing::TestOptions();
  options.static_dir = "/nonexistent/csqm/web/dist";
  Server server(options, router, metrics);
  core::Status status = server.Start();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().reason, "http.static_dir_missing");
}

TEST(StaticFiles, ContentTypesByExtension) {
  EXPECT_EQ(StaticFiles::ContentTypeFor("a/b/index.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(StaticFiles::ContentTypeFor("x.css"), "text/css; charset=utf-8");
  EXPECT_EQ(StaticFiles::ContentTypeFor("x.svg"), "image/svg+xml");
  EXPECT_EQ(StaticFiles::ContentTypeFor("x.woff2"), "font/woff2");
  EXPECT_EQ(StaticFiles::ContentTypeFor("x"), "application/octet-stream");
  EXPECT_EQ(StaticFiles::ContentTypeFor("x.unknown"), "application/octet-stream");
}

}  // namespace
}  // namespace csqm::http
