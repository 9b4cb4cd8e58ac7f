#include "ingest/normalize_internal.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest/json_fields.h"
#include "ingest/storable.h"

namespace dora {

std::string NaturalKey(const nlohmann::json& j, const char* prefix, std::initializer_list<const char*> paths,
                       const std::string& fallback) {
  std::string key = prefix;
  for (const char* path : paths) {
    const nlohmann::json* v = Find(j, path);
    if (v != nullptr && v->is_number_integer()) {
      absl::StrAppend(&key, ":", v->dump());  // the exact integer, unsigned ones too
    } else if (v != nullptr && v->is_string() && !v->get<std::string>().empty()) {
      absl::StrAppend(&key, ":", v->get<std::string>());
    } else {
      return fallback;
    }
  }
  return key;
}

std::optional<std::string> ProviderUrl(const nlohmann::json& j, std::initializer_list<const char*> paths) {
  for (const char* path : paths) {
    const nlohmann::json* v = Find(j, path);
    if (v == nullptr || !v->is_string()) continue;
    const std::string& url = v->get_ref<const std::string&>();
    if (CheckEventUrl("url", url).ok()) return url;
  }
  return std::nullopt;
}

Normalized Ignore(std::string reason) { return Normalized{Disposition::kIgnore, {}, std::move(reason)}; }

Normalized ToStore(DeliveryEvent event) {
  Normalized n;
  n.disposition = Disposition::kStore;
  n.events.push_back(std::move(event));
  return n;
}

absl::StatusOr<Normalized> PushToChange(const nlohmann::json& j, const IncomingRequest& req, const PushLayout& layout,
                                        const std::string& dedupe_key) {
  DORA_ASSIGN_OR_RETURN(std::string ref, RequiredString(j, "ref"));
  DORA_ASSIGN_OR_RETURN(std::string default_branch, RequiredString(j, layout.default_branch_path));
  if (ref != "refs/heads/" + default_branch) {
    return Ignore(absl::StrCat("push to ", ref, ", not to the default branch ", default_branch));
  }
  const nlohmann::json* commits = Find(j, "commits");
  if (commits != nullptr && !commits->is_array()) return FieldError("commits", "must be an array");
  if (commits == nullptr || commits->empty()) return Ignore("push without commits");
  DeliveryEvent e;
  e.event_type = EventType::kChange;
  DORA_ASSIGN_OR_RETURN(e.service, RequiredString(j, layout.service_path));
  for (const char* path : layout.sha_paths) {
    DORA_ASSIGN_OR_RETURN(e.commit_sha, OptionalString(j, path));
    if (e.commit_sha && !e.commit_sha->empty()) break;
  }
  if (!e.commit_sha || e.commit_sha->empty()) return FieldError(layout.sha_paths.back(), "is missing");
  for (size_t i = 0; i < commits->size(); ++i) {
    auto t = RequiredTime((*commits)[i], "timestamp");
    if (!t.ok()) return WithFieldPrefix(t.status(), absl::StrCat("commits[", i, "]"));
    if (!e.first_commit_ts || *t < *e.first_commit_ts) e.first_commit_ts = *t;
    const nlohmann::json* id = Find((*commits)[i], "id");
    if (!e.url && id != nullptr && id->is_string() && *id == *e.commit_sha) e.url = ProviderUrl((*commits)[i], {"url"});
  }
  if (!e.url) {
    for (const char* path : layout.url_paths) {
      e.url = ProviderUrl(j, {path});
      if (e.url) break;
    }
  }
  e.occurred_at = req.received_at;
  e.source = layout.source;
  e.dedupe_key = dedupe_key;
  e.payload = req.body;
  return ToStore(std::move(e));
}

}  // namespace dora
