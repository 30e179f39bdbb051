#include "store/callback.hpp"

#include <exception>

#include "store/errors.hpp"

namespace csqm::store {

core::Status InvokeCallback(const std::function<core::Status(Connection&)>& fn,
                            Connection& conn) noexcept {
  try {
    try {
      return fn(conn);
    } catch (const std::exception& e) {
      return ExceptionError(e.what());
    } catch (...) {
      return ExceptionError("unknown exception");
    }
  } catch (...) {  // building the error itself failed (out of memory)
    return core::Error{core::ErrorCode::kInternal, {}, {}, {}, {}};
  }
}

}  // namespace csqm::store
