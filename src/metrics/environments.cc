#include "metrics/environments.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace dora {
namespace {

std::string Fold(absl::string_view s) { return absl::AsciiStrToLower(absl::StripAsciiWhitespace(s)); }

}  // namespace

EnvironmentAliases::EnvironmentAliases()
    : aliases_{
          {"live", kProductionEnvironment}, {"prd", kProductionEnvironment}, {"production", kProductionEnvironment}} {}

const EnvironmentAliases& EnvironmentAliases::Default() {
  static const auto* aliases = new EnvironmentAliases();
  return *aliases;
}

absl::Status EnvironmentAliases::AddFromSpec(absl::string_view spec) {
  std::vector<std::pair<std::string, std::string>> parsed;
  for (absl::string_view entry : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    std::vector<absl::string_view> parts = absl::StrSplit(entry, '=');
    std::string alias = parts.size() == 2 ? Fold(parts[0]) : "";
    std::string canonical = parts.size() == 2 ? Fold(parts[1]) : "";
    if (alias.empty() || canonical.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("environment alias '", absl::StripAsciiWhitespace(entry),
                                                     "' is not of the form name=canonical (e.g. production=prod)"));
    }
    parsed.emplace_back(std::move(alias), std::move(canonical));
  }
  for (auto& [alias, canonical] : parsed) {
    if (alias == canonical) {
      aliases_.erase(alias);  // "live=live" turns a built-in alias off
    } else {
      aliases_[alias] = canonical;
    }
  }
  return absl::OkStatus();
}

std::string EnvironmentAliases::Canonical(absl::string_view raw) const {
  std::string name = Fold(raw);
  auto it = aliases_.find(name);
  return it == aliases_.end() ? name : it->second;
}

}  // namespace dora
