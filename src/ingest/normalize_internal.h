// Pieces the provider normalizers share. Internal to src/ingest.
#ifndef DORA_INGEST_NORMALIZE_INTERNAL_H_
#define DORA_INGEST_NORMALIZE_INTERNAL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/normalize.h"
#include "nlohmann/json.hpp"

namespace dora {

// The natural key "<prefix>:<a>:<b>..." from the payload's fields at `paths`
// (non-empty strings or integers), or `fallback` when one is missing.
std::string NaturalKey(const nlohmann::json& j, const char* prefix, std::initializer_list<const char*> paths,
                       const std::string& fallback);

// The two outcomes of a normalizer: not stored (why), or `event` to store.
Normalized Ignore(std::string reason);
Normalized ToStore(DeliveryEvent event);

// The first of `paths` holding a URL CheckEventUrl (storable.h) accepts, or
// nullopt. A provider's link that fails the check is left out: the event is
// stored without it rather than refused.
std::optional<std::string> ProviderUrl(const nlohmann::json& j, std::initializer_list<const char*> paths);

// Where a provider's push payload keeps what a `change` event needs.
struct PushLayout {
  const char* source;                  // "github", "gitlab"
  const char* default_branch_path;     // "repository.default_branch"
  const char* service_path;            // "repository.name"
  std::vector<const char*> sha_paths;  // first present wins: {"checkout_sha", "after"}
  std::vector<const char*> url_paths;  // when no commits[] entry is the pushed commit
};

// A push to the default branch with commits -> one `change` (first_commit_ts
// = the earliest commits[].timestamp, occurred_at = receive time, url = the
// `url` of the commits[] entry whose id is the pushed sha, else the first of
// layout.url_paths (ProviderUrl)); a push
// elsewhere or without commits -> kIgnore.
absl::StatusOr<Normalized> PushToChange(const nlohmann::json& payload, const IncomingRequest& request,
                                        const PushLayout& layout, const std::string& dedupe_key);

}  // namespace dora

#endif  // DORA_INGEST_NORMALIZE_INTERNAL_H_
