#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <variant>

#include "store/errors.hpp"
#include "store/postgres/pg_sql.hpp"

namespace csqm::store {
namespace {

// Distinct SQL texts kept prepared per connection; beyond this, statements run unprepared.
constexpr size_t kMaxCachedStatements = 512;

// Type OIDs (catalog/pg_type_d.h, stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// A parameter's declared type: integers and reals typed, text and NULL left to PostgreSQL to
// infer from the statement (so a text parameter may meet any text-like column).
Oid TypeOf(const Value& v) {
  if (std::holds_alternative<int64_t>(v)) return kInt8Oid;
  if (std::holds_alternative<double>(v)) return kFloat8Oid;
  return 0;
}

std::string DoubleText(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);  // shortest exact
  return std::string(buffer, result.ptr);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

Value ReadValue(const PGresult* r, int row, int column) {
  if (PQgetisnull(r, row, column)) return Value{};
  const char* text = PQgetvalue(r, row, column);
  const size_t size = static_cast<size_t>(PQgetlength(r, row, column));
  switch (PQftype(r, column)) {
    case kInt8Oid:
    case kInt4Oid:
    case kInt2Oid:
    case kOidOid: {
      int64_t n = 0;
      std::from_chars(text, text + size, n);
      return Value{n};
    }
    case kBoolOid:
      return Value{int64_t{text[0] == 't' ? 1 : 0}};
    case kFloat4Oid:
    case kFloat8Oid:
      return Value{std::strtod(text, nullptr)};
    case kNumericOid: {
      // SUM/AVG of integers: a whole number stays an integer.
      const std::string_view s(text, size);
      if (s.find_first_of(".eEN") == std::string_view::npos) {
        int64_t n = 0;
        const auto [p, ec] = std::from_chars(text, text + size, n);
        if (ec == std::errc() && p == text + size) return Value{n};
      }
      return Value{std::strtod(text, nullptr)};
    }
    case kByteaOid: {
      // Text format: "\x" then two hex digits per byte.
      std::string bytes;
      if (size >= 2 && text[0] == '\\' && text[1] == 'x') {
        bytes.reserve((size - 2) / 2);
        for (size_t i = 2; i + 1 < size; i += 2) {
          bytes += static_cast<char>(HexDigit(text[i]) * 16 + HexDigit(text[i + 1]));
        }
      }
      return Value{std::move(bytes)};
    }
    default:
      return Value{std::string(text, size)};
  }
}

Row ReadRow(const PGresult* r, int row) {
  const int columns = PQnfields(r);
  std::vector<Value> values;
  values.reserve(static_cast<size_t>(columns));
  for (int c = 0; c < columns; ++c) values.push_back(ReadValue(r, row, c));
  return Row(std::move(values));
}

std::string Trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

core::Error Refused(std::string_view sql) {
  return StoreError("transaction control is refused inside a Read/Write callback", sql);
}

core::Error NulInText() {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "store.bad_text",
                         "文本中不能含有 NUL 字符（\\u0000）",
                         "text may not contain the NUL character (\\u0000)");
}

}  // namespace

void PgConnection::ResultDeleter::operator()(pg_result* r) const { PQclear(r); }

core::Result<std::unique_ptr<PgConnection>> PgConnection::Open(const PgOptions& options) {
  const std::string timeout = std::to_string(options.connect_timeout_seconds);
  const char* keys[] = {"dbname", "connect_timeout", "client_encoding", "application_name",
                        nullptr};
  const char* values[] = {options.conninfo.c_str(), timeout.c_str(), "UTF8", "csqm", nullptr};
  // expand_dbname = 1: the first dbname holds the whole connection string or URI.
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    const std::string why = conn ? Trimmed(PQerrorMessage(conn)) : "out of memory";
    if (conn) PQfinish(conn);
    return OpenFailedError("PostgreSQL", "连接失败：" + why, "cannot connect: " + why);
  }
  // NOTICEs ("relation … already exists, skipping", "query doesn't contain lexemes") are not
  // errors: keep them off stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PgConnection> out(new PgConnection(conn));
  const std::string setup =
      "SET lock_timeout = " + std::to_string(options.lock_timeout_ms) + "; SET TIME ZONE 'UTC'";
  PGresult* r = PQexec(conn, setup.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string why = Trimmed(PQresultErrorMessage(r));
  PQclear(r);
  if (!ok) return OpenFailedError("PostgreSQL", "初始化连接失败：" + why, "cannot set up: " + why);
  return out;
}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

bool PgConnection::Broken() const { return PQstatus(conn_) != CONNECTION_OK; }

bool PgConnection::TransactionFailed() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

core::Error PgConnection::ErrorOf(const pg_result* result, std::string_view sql) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message =
      Trimmed(result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr);
  if (message.empty()) message = Trimmed(PQerrorMessage(conn_));
  const std::string code = state ? state : "";
  if (code.rfind("23", 0) == 0) return ConstraintError(message);
  if (code == "40001" || code == "40P01" || code == "55P03" || code == "57014") {
    return BusyError(message + " (SQLSTATE " + code + ")");
  }
  if (!code.empty()) message += " (SQLSTATE " + code + ")";
  return StoreError(message, sql);
}

core::Status PgConnection::Control(std::string_view sql) {
  ResultPtr r(PQexec(conn_, std::string(sql).c_str()));
  const ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK) return ErrorOf(r.get(), sql);
  // COMMIT of a failed transaction rolls it back and says so in its command tag.
  if (pg::FirstKeyword(sql) == "COMMIT" && std::string_view(PQcmdStatus(r.get())) == "ROLLBACK") {
    return StoreError("the transaction was rolled back at COMMIT", sql);
  }
  return {};
}

core::Result<PgConnection::ResultPtr> PgConnection::Run(std::string_view sql, ParamList params) {
  if (pg::IsTransactionControl(sql)) return Refused(sql);
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    if (const auto* n = std::get_if<int64_t>(&v)) {
      texts[i] = std::to_string(*n);
    } else if (const auto* d = std::get_if<double>(&v)) {
      texts[i] = DoubleText(*d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      // Text parameters end at their first NUL: refuse rather than cut the text short.
      if (s->find('\0') != std::string::npos) return NulInText();
      values[i] = s->c_str();
      continue;
    } else {
      continue;  // NULL
    }
    values[i] = texts[i].c_str();
  }

  auto found = statements_.find(std::string(sql));
  if (found == statements_.end()) {
    const pg::Rewritten rewritten = pg::RewritePlaceholders(sql);
    if (static_cast<size_t>(rewritten.parameters) != params.size()) {
      return StoreError("the statement has " + std::to_string(rewritten.parameters) +
                            " parameters but " + std::to_string(params.size()) + " were given",
                        sql);
    }
    std::vector<Oid> types;
    types.reserve(params.size());
    for (const Value& v : params) types.push_back(TypeOf(v));
    if (statements_.size() >= kMaxCachedStatements) {
      ResultPtr r(PQexecParams(conn_, rewritten.sql.c_str(), static_cast<int>(params.size()),
                               types.data(), values.data(), nullptr, nullptr, 0));
      const ExecStatusType status = PQresultStatus(r.get());
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return ErrorOf(r.get(), sql);
      return r;
    }
    Prepared prepared{"csqm_" + std::to_string(++next_statement_), rewritten.parameters};
    ResultPtr p(PQprepare(conn_, prepared.name.c_str(), rewritten.sql.c_str(), rewritten.parameters,
                          types.data()));
    if (PQresultStatus(p.get()) != PGRES_COMMAND_OK) return ErrorOf(p.get(), sql);
    found = statements_.emplace(std::string(sql), std::move(prepared)).first;
  } else if (static_cast<size_t>(found->second.parameters) != params.size()) {
    return StoreError("the statement has " + std::to_string(found->second.parameters) +
                          " parameters but " + std::to_string(params.size()) + " were given",
                      sql);
  }
  ResultPtr r(PQexecPrepared(conn_, found->second.name.c_str(), static_cast<int>(params.size()),
                             values.data(), nullptr, nullptr, 0));
  const ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return ErrorOf(r.get(), sql);
  return r;
}

core::Status PgConnection::Exec(std::string_view sql, ParamList params) {
  auto r = Run(sql, params);
  if (!r.ok()) return r.error();
  return {};
}

core::Result<int64_t> PgConnection::ExecCount(std::string_view sql, ParamList params) {
  auto r = Run(sql, params);
  if (!r.ok()) return r.error();
  const char* tuples = PQcmdTuples(r->get());
  int64_t n = 0;
  if (tuples) std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), n);
  return n;
}

core::Result<int64_t> PgConnection::InsertId(std::string_view sql, ParamList params) {
  auto r = Run(std::string(sql) + " RETURNING id", params);
  if (!r.ok()) return r.error();
  if (PQntuples(r->get()) != 1) return StoreError("the insert added no row", sql);
  return ReadRow(r->get(), 0).Int(0);
}

core::Result<std::vector<Row>> PgConnection::Query(std::string_view sql, ParamList params) {
  auto r = Run(sql, params);
  if (!r.ok()) return r.error();
  const int rows = PQntuples(r->get());
  std::vector<Row> out;
  out.reserve(static_cast<size_t>(rows));
  for (int i = 0; i < rows; ++i) out.push_back(ReadRow(r->get(), i));
  return out;
}

core::Result<std::optional<Row>> PgConnection::QueryOne(std::string_view sql, ParamList params) {
  auto r = Run(sql, params);
  if (!r.ok()) return r.error();
  if (PQntuples(r->get()) == 0) return std::optional<Row>();
  return std::optional<Row>(ReadRow(r->get(), 0));
}

core::Status PgConnection::ExecScript(std::string_view sql) {
  for (const std::string& statement : pg::SplitStatements(sql)) {
    if (pg::IsTransactionControl(statement)) return Refused(statement);
    ResultPtr r(PQexec(conn_, statement.c_str()));
    const ExecStatusType status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      core::Error e = ErrorOf(r.get(), statement);
      if (e.reason != kReasonError) {
        // Constraint or busy errors: still name the statement.
        e.message_en += " [" + statement.substr(0, 120) + "]";
        e.message_zh += " [" + statement.substr(0, 120) + "]";
      }
      return e;
    }
  }
  return {};
}

}  // namespace csqm::store
