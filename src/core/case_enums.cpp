#include "core/case_enums.hpp"

#include <array>
#include <utility>

namespace csqm::core {
namespace {

template <class E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [e, n] : table) {
    if (e == v) return n;
  }
  return "unknown";
}

template <class E, size_t N>
std::optional<E> ParseOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view s) {
  for (const auto& [e, n] : table) {
    if (n == s) return e;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Severity, std::string_view>, 3> kSeverity{
    {{Severity::kOrdinary, "ordinary"},
     {Severity::kSerious, "serious"},
     {Severity::kMajor, "major"}}};
constexpr std::array<std::pair<Channel, std::string_view>, 7> kChannel{
    {{Channel::kPhone, "phone"},
     {Channel::kWalkIn, "walk_in"},
     {Channel::kPortal, "portal"},
     {Channel::kEmail, "email"},
     {Channel::kLetter, "letter"},
     {Channel::kWeChat, "wechat"},
     {Channel::kOnSite, "on_site"}}};
constexpr std::array<std::pair<CustomerTier, std::string_view>, 3> kTier{
    {{CustomerTier::kOrdinary, "ordinary"},
     {CustomerTier::kVip, "vip"},
     {CustomerTier::kKeyAccount, "key_account"}}};
constexpr std::array<std::pair<CustomerKind, std::string_view>, 2> kKind{
    {{CustomerKind::kIndividual, "individual"}, {CustomerKind::kOrganisation, "organisation"}}};

}  // namespace

std::string_view Name(Severity v) { return NameOf(kSeverity, v); }
std::string_view Name(Channel v) { return NameOf(kChannel, v); }
std::string_view Name(CustomerTier v) { return NameOf(kTier, v); }
std::string_view Name(CustomerKind v) { return NameOf(kKind, v); }
std::optional<Severity> ParseSeverity(std::string_view s) { return ParseOf(kSeverity, s); }
std::optional<Channel> ParseChannel(std::string_view s) { return ParseOf(kChannel, s); }
std::optional<CustomerTier> ParseCustomerTier(std::string_view s) { return ParseOf(kTier, s); }
std::optional<CustomerKind> ParseCustomerKind(std::string_view s) { return ParseOf(kKind, s); }

}  // namespace csqm::core
