#include "datasource/resources.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/grafana_outcome.h"
#include "common/json_text.h"
#include "common/phase_error.h"
#include "datasource/variable_values.h"
#include "forms/registry.h"
#include "nlohmann/json.hpp"
#include "query/catalog_json.h"

namespace dora {
namespace {

using Json = nlohmann::ordered_json;

ResourceResponse Reply(int code, const Json& body) { return ResourceResponse{code, "application/json", body.dump()}; }

ResourceResponse ErrorReply(const absl::Status& status) {
  return Reply(OutcomeForStatus(status).http_status, Json{{"error", std::string(status.message())}});
}

// Distinct values of a dimension. Services use a loose index scan over
// idx_events_service_time; teams and environments are small sets.
std::string DistinctSql(const std::string& dimension) {
  if (dimension == "service") {
    return "WITH RECURSIVE s(v) AS ("
           " (SELECT service FROM delivery_events ORDER BY service LIMIT 1)"
           " UNION ALL"
           " SELECT (SELECT service FROM delivery_events WHERE service > s.v ORDER BY service LIMIT 1)"
           " FROM s WHERE s.v IS NOT NULL)"
           " SELECT v FROM s WHERE v IS NOT NULL";
  }
  return absl::StrCat("SELECT DISTINCT ", dimension, " FROM delivery_events WHERE ", dimension,
                      " IS NOT NULL ORDER BY 1");
}

ResourceResponse Distinct(DataSourceInstance& instance, const std::string& dimension) {
  auto rows = instance.pool().Query(SqlStatement{DistinctSql(dimension), {}, {}});
  if (!rows.ok()) return ErrorReply(rows.status());
  Json out = Json::array();
  for (const auto& row : rows->rows) {
    if (row[0]) out.push_back({{"text", *row[0]}, {"value", *row[0]}});
  }
  return Reply(200, out);
}

// The positioned error fields of a parse or bind error (message only otherwise).
Json ErrorJson(const absl::Status& status) {
  Json error = {{"message", std::string(status.message())}};
  if (auto pos = GetPositionedError(status)) {
    error["phase"] = std::string(PhaseName(pos->phase));
    error["position"] = pos->position;
    error["length"] = pos->length;
    error["what"] = pos->what;
    error["expected"] = pos->detail;
    error["suggestion"] = pos->suggestion;
  }
  return error;
}

// `from` / `to` of a values request: epoch milliseconds, as a number or a
// numeric string (Grafana's range.from.valueOf()); absent or null is unset.
absl::StatusOr<std::optional<absl::Time>> EpochMillis(const Json& req, const char* key) {
  auto it = req.find(key);
  if (it == req.end() || it->is_null()) return std::optional<absl::Time>();
  int64_t ms = 0;
  if (it->is_number_integer()) {
    ms = it->get<int64_t>();
  } else if (it->is_number_float()) {
    ms = static_cast<int64_t>(it->get<double>());
  } else if (!it->is_string() || !absl::SimpleAtoi(it->get<std::string>(), &ms)) {
    return absl::InvalidArgumentError(
        absl::StrCat("values: `", key, "` must be epoch milliseconds (a number), not ", it->dump()));
  }
  return std::optional<absl::Time>(absl::FromUnixMillis(ms));
}

// POST values {"query": "services where team in ('a')", "from": ms, "to": ms}.
ResourceResponse Values(const absl::StatusOr<std::shared_ptr<DataSourceInstance>>& instance, const std::string& body) {
  Json req = ParseOrderedJsonText(body.empty() ? "{}" : body);
  if (req.is_discarded() || !req.is_object() || !req.contains("query") || !req["query"].is_string()) {
    return Reply(400, Json{{"error",
                            "expected a JSON body {\"query\": \"services where team in ('a')\", \"from\": <epoch ms>, "
                            "\"to\": <epoch ms>}"}});
  }
  VariableValuesRequest request;
  request.query = req["query"].get<std::string>();
  for (auto [key, out] : {std::pair{"from", &request.from}, std::pair{"to", &request.to}}) {
    auto t = EpochMillis(req, key);
    if (!t.ok()) return Reply(400, Json{{"error", std::string(t.status().message())}});
    *out = *t;
  }
  auto compiled = CompileVariableQuery(request);
  if (!compiled.ok()) {
    Json error = ErrorJson(compiled.status());
    return Reply(
        400, Json{{"error", absl::StrCat("variable query: ", error["message"].get<std::string>())}, {"detail", error}});
  }
  if (!instance.ok()) return ErrorReply(instance.status());
  auto rows = (*instance)->pool().Query(compiled->sql);
  if (!rows.ok()) return ErrorReply(rows.status());
  Json out = Json::array();
  for (const auto& row : rows->rows) {
    if (row[0]) out.push_back({{"text", *row[0]}, {"value", *row[0]}});
  }
  return Reply(200, out);
}

ResourceResponse Validate(const absl::StatusOr<std::shared_ptr<DataSourceInstance>>& instance,
                          const std::string& body) {
  Json req = ParseOrderedJsonText(body.empty() ? "{}" : body);
  if (req.is_discarded() || !req.is_object() || !req.contains("expr") || !req["expr"].is_string()) {
    return Reply(400, Json{{"error", "expected a JSON body {\"expr\": \"<query>\"}"}});
  }
  QueryContext ctx;
  ctx.to = absl::Now();
  ctx.from = ctx.to - absl::Hours(24 * 30);
  if (instance.ok()) ctx.policy = (*instance)->settings().policy;
  auto bound = CompileQuery(req["expr"].get<std::string>(), ctx);
  if (bound.ok()) return Reply(200, Json{{"valid", true}, {"normalized", bound->normalized_text}});
  return Reply(200, Json{{"valid", false}, {"error", ErrorJson(bound.status())}});
}

}  // namespace

ResourceResponse HandleResource(const absl::StatusOr<std::shared_ptr<DataSourceInstance>>& instance,
                                const ResourceRequest& request) {
  std::string path(absl::StripSuffix(absl::StripPrefix(request.path, "/"), "/"));
  std::string method = absl::AsciiStrToUpper(request.method.empty() ? "GET" : request.method);
  auto only = [&](const char* allowed) -> std::optional<ResourceResponse> {
    if (method == allowed) return std::nullopt;
    return Reply(405, Json{{"error", absl::StrCat(path, " accepts ", allowed, " only")}});
  };
  if (path == "catalog") {
    if (auto r = only("GET")) return *r;
    return ResourceResponse{200, "application/json", CatalogJson()};
  }
  if (path == "validate") {
    if (auto r = only("POST")) return *r;
    return Validate(instance, request.body);
  }
  if (path == "values") {
    if (auto r = only("POST")) return *r;
    return Values(instance, request.body);
  }
  for (const char* dimension : {"services", "teams", "environments"}) {
    if (path != dimension) continue;
    if (auto r = only("GET")) return *r;
    if (!instance.ok()) return ErrorReply(instance.status());
    std::string column(dimension);
    column.pop_back();  // services -> service
    return Distinct(**instance, column);
  }
  return Reply(404,
               Json{{"error", absl::StrCat("no resource '", path,
                                           "'; available: catalog, services, teams, environments, values, validate")}});
}

}  // namespace dora
