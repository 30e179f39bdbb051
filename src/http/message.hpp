// Request and Response: the framework-free types every handler sees. No Beast or Asio here:
// this header is included by every handler file, so it stays cheap to compile.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace csqm::http {

// ASCII case-insensitive equality, as HTTP field names and media types compare.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Header fields in arrival order; names compare case-insensitively. Repeated fields
// (e.g. several Cookie or Set-Cookie lines) are kept as separate entries.
class HeaderMap {
 public:
  using Field = std::pair<std::string, std::string>;

  // The first field with this name, or nullopt. The view lives as long as the map is unchanged.
  std::optional<std::string_view> Get(std::string_view name) const;
  std::vector<std::string_view> GetAll(std::string_view name) const;
  void Add(std::string name, std::string value);
  // Replaces every field with this name by one field.
  void Set(std::string name, std::string value);
  void Remove(std::string_view name);

  std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
  std::vector<Field>::const_iterator end() const { return fields_.end(); }
  size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<Field> fields_;
};

struct Request {
  std::string method;  // as sent, e.g. "GET"
  std::string path;    // percent-decoded, without the query ("%2F" stays encoded)
  std::string target;  // raw request target, e.g. "/api/v1/cases?status=open"
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  HeaderMap headers;
  std::string body;
  std::string remote_address;                      // peer IP address
  std::string request_id;                          // also sent back as X-Request-Id
  std::map<std::string, std::string> path_params;  // filled by the router, e.g. {"id", "42"}

  // The first query parameter with this name, or nullopt.
  std::optional<std::string> Query(std::string_view name) const;
  // Every value of a repeated parameter (?status=open&status=new), in order.
  std::vector<std::string> QueryAll(std::string_view name) const;
  std::optional<std::string_view> Header(std::string_view name) const;
  // The value of a cookie from the Cookie header(s), or nullopt.
  std::optional<std::string_view> Cookie(std::string_view name) const;
  // The path parameter captured by "{name}" in the route pattern, or an empty view.
  std::string_view PathParam(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // `body` is a JSON text; sets Content-Type: application/json.
  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response NoContent();

  // Replaces any header with this name (case-insensitive).
  void SetHeader(std::string name, std::string value);
  // Appends a header, keeping others with the same name (several Set-Cookie lines).
  void AddHeader(std::string name, std::string value);
  // The first header with this name, or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
};

}  // namespace csqm::http
