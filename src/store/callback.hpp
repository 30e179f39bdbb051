// Calling a Read/Write callback so that nothing it throws crosses the store's interface.
#pragma once

#include "core/result.hpp"
#include "store/db.hpp"

namespace csqm::store {

// fn(conn); an exception becomes kInternal "store.exception" carrying what().
core::Status InvokeCallback(const std::function<core::Status(Connection&)>& fn,
                            Connection& conn) noexcept;

}  // namespace csqm::store
