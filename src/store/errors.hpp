// The store's errors, shared by every dialect (db.hpp lists what each reason means).
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace csqm::store {

inline constexpr std::string_view kReasonConstraint = "store.constraint";
inline constexpr std::string_view kReasonBusy = "store.busy";
inline constexpr std::string_view kReasonError = "store.error";
inline constexpr std::string_view kReasonException = "store.exception";
inline constexpr std::string_view kReasonNested = "store.nested";
inline constexpr std::string_view kReasonClosed = "store.closed";
inline constexpr std::string_view kReasonOpenFailed = "store.open_failed";
inline constexpr std::string_view kReasonSchemaTooNew = "store.schema_too_new";

// kConflict "store.constraint"; detail is the database's text naming the constraint.
core::Error ConstraintError(std::string_view detail);
// kInternal "store.busy".
core::Error BusyError(std::string_view detail);
// kInternal "store.error"; sql (may be empty) is quoted, shortened, for the log.
core::Error StoreError(std::string_view detail, std::string_view sql = {});
// kInternal "store.exception": a callback threw.
core::Error ExceptionError(std::string_view what);
// kInternal "store.nested": Read or Write called from inside a callback of the same Database.
core::Error NestedError();
// kInternal "store.closed": the Database is shutting down.
core::Error ClosedError();
// kFailedPrecondition "store.open_failed": the database at `where` cannot be opened, because
// of detail_zh / detail_en.
core::Error OpenFailedError(std::string_view where, std::string_view detail_zh,
                            std::string_view detail_en);

}  // namespace csqm::store
