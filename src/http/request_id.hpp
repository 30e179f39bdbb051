// Request ids: taken from the client's X-Request-Id when it is sane, generated otherwise, and
// echoed in the response and in every log line of the request.
#pragma once

#include <string>
#include <string_view>

namespace csqm::http {

// 1..64 characters of [A-Za-z0-9._:-]: safe to log and to send back.
bool IsSaneRequestId(std::string_view id);

// 16 random hex digits.
std::string NewRequestId();

}  // namespace csqm::http
