// IMF-fixdate (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT", for Date and Last-Modified.
#pragma once

#include <chrono>
#include <string>

namespace csqm::http {

std::string HttpDate(std::chrono::system_clock::time_point t);

}  // namespace csqm::http
