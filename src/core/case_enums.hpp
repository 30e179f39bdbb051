// Small vocabularies of a case: severity, channel, customer tier, visibility.
#pragma once

#include <optional>
#include <string_view>

namespace csqm::core {

enum class Severity { kOrdinary, kSerious, kMajor };  // 一般 / 严重 / 重大
enum class Channel { kPhone, kWalkIn, kPortal, kEmail, kLetter, kWeChat, kOnSite };
enum class CustomerTier { kOrdinary, kVip, kKeyAccount };
enum class CustomerKind { kIndividual, kOrganisation };

std::string_view Name(Severity v);
std::string_view Name(Channel v);
std::string_view Name(CustomerTier v);
std::string_view Name(CustomerKind v);
std::optional<Severity> ParseSeverity(std::string_view s);
std::optional<Channel> ParseChannel(std::string_view s);
std::optional<CustomerTier> ParseCustomerTier(std::string_view s);
std::optional<CustomerKind> ParseCustomerKind(std::string_view s);

}  // namespace csqm::core
