// The environment vocabulary: how an environment name from any source (a CI
// deploy event, a GitHub or GitLab deployment, an incident) becomes the name
// stored in `delivery_events.environment` and matched by queries.
//
// The rule, the same for every source: trim surrounding whitespace, lowercase,
// then replace a known alias by its canonical name. The built-in aliases map
// production, prd and live to `prod` (the production environment every metric
// reads by default); operators add or override aliases with
// `dora serve --env-alias name=canonical[,name=canonical...]` or
// DORA_ENV_ALIASES. The name as sent is kept in `environment_raw`.
//
// Thread safety: const methods are safe to call concurrently.
#ifndef DORA_METRICS_ENVIRONMENTS_H_
#define DORA_METRICS_ENVIRONMENTS_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dora {

// The production environment's canonical name.
inline constexpr char kProductionEnvironment[] = "prod";

class EnvironmentAliases {
 public:
  // The built-in vocabulary.
  EnvironmentAliases();
  static const EnvironmentAliases& Default();

  // Adds or replaces aliases from "name=canonical[,name=canonical...]".
  // Errors (InvalidArgument) name the malformed entry; nothing is added then.
  absl::Status AddFromSpec(absl::string_view spec);

  // The canonical name of `raw` (see above); "" when `raw` is blank.
  std::string Canonical(absl::string_view raw) const;
  bool IsProduction(absl::string_view raw) const { return Canonical(raw) == kProductionEnvironment; }

  // Alias -> canonical, lowercase, sorted by alias.
  const std::map<std::string, std::string>& entries() const { return aliases_; }

 private:
  std::map<std::string, std::string> aliases_;
};

}  // namespace dora

#endif  // DORA_METRICS_ENVIRONMENTS_H_
