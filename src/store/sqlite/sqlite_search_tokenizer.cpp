#include "store/sqlite/sqlite_search_tokenizer.hpp"

#include <sqlite3.h>

#include "core/text_tokens.hpp"

namespace csqm::store {
namespace {

// The tokenizer keeps no state: every table and connection shares one dummy instance (FTS5
// only needs a non-null handle).
int instance_tag = 0;

int Create(void* /*context*/, const char** /*args*/, int /*n_args*/, Fts5Tokenizer** out) {
  *out = reinterpret_cast<Fts5Tokenizer*>(&instance_tag);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer* /*tokenizer*/) {}

using TokenFn = int (*)(void*, int, const char*, int, int, int);

int Tokenize(Fts5Tokenizer* /*tokenizer*/, void* context, int flags, const char* text, int size,
             TokenFn token) {
  const std::string_view input(text, size > 0 ? static_cast<size_t>(size) : 0);
  int rc = SQLITE_OK;
  if ((flags & FTS5_TOKENIZE_QUERY) != 0) {
    size_t i = 0;
    while (i < input.size() && rc == SQLITE_OK) {
      while (i < input.size() && input[i] == ' ') ++i;
      const size_t start = i;
      while (i < input.size() && input[i] != ' ') ++i;
      if (i > start) {
        rc = token(context, 0, text + start, static_cast<int>(i - start), static_cast<int>(start),
                   static_cast<int>(i));
      }
    }
    return rc;
  }
  core::ForEachIndexToken(input, [&](std::string_view t, size_t begin, size_t end) {
    rc = token(context, 0, t.data(), static_cast<int>(t.size()), static_cast<int>(begin),
               static_cast<int>(end));
    return rc == SQLITE_OK;
  });
  return rc;
}

fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

bool RegisterSearchTokenizer(sqlite3* db) {
  fts5_api* api = Fts5Api(db);
  if (api == nullptr) return false;
  fts5_tokenizer tokenizer{&Create, &Delete, &Tokenize};
  return api->xCreateTokenizer(api, kSearchTokenizer.data(), nullptr, &tokenizer, nullptr) ==
         SQLITE_OK;
}

}  // namespace csqm::store
