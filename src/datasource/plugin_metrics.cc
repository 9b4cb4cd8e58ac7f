#include "datasource/plugin_metrics.h"

#include "absl/strings/str_cat.h"

namespace dora {
namespace {

// Prometheus label values escape backslash, double quote and newline.
std::string LabelValue(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

void PluginMetrics::RecordQuery(const std::string& outcome, absl::Duration latency) {
  double seconds = absl::ToDoubleSeconds(latency);
  absl::MutexLock lock(&mu_);
  ++queries_[outcome];
  query_latency_.Observe(seconds);
}

void PluginMetrics::RecordHealthCheck(bool ok) {
  absl::MutexLock lock(&mu_);
  ++health_[ok ? "ok" : "error"];
}

void PluginMetrics::RecordResource(int code) {
  absl::MutexLock lock(&mu_);
  ++resources_[code];
}

std::string PluginMetrics::Render(const std::map<std::string, PgPool::Usage>& pools) const {
  absl::MutexLock lock(&mu_);
  std::string out;
  absl::StrAppend(&out, "# HELP dora_plugin_queries_total Queries answered, by outcome.\n",
                  "# TYPE dora_plugin_queries_total counter\n");
  for (const char* o : {"ok", "downstream_error", "plugin_error"}) {
    auto it = queries_.find(o);
    absl::StrAppend(&out, "dora_plugin_queries_total{outcome=\"", o, "\"} ", it == queries_.end() ? 0 : it->second,
                    "\n");
  }
  query_latency_.AppendPrometheus(&out, "dora_plugin_query_duration_seconds",
                                  "Time to answer one query, frames encoded.");
  absl::StrAppend(&out, "# HELP dora_plugin_health_checks_total Health checks, by result.\n",
                  "# TYPE dora_plugin_health_checks_total counter\n");
  for (const char* r : {"ok", "error"}) {
    auto it = health_.find(r);
    absl::StrAppend(&out, "dora_plugin_health_checks_total{result=\"", r, "\"} ", it == health_.end() ? 0 : it->second,
                    "\n");
  }
  absl::StrAppend(&out, "# HELP dora_plugin_resource_calls_total Resource calls, by HTTP status.\n",
                  "# TYPE dora_plugin_resource_calls_total counter\n");
  for (const auto& [code, n] : resources_) {
    absl::StrAppend(&out, "dora_plugin_resource_calls_total{code=\"", code, "\"} ", n, "\n");
  }
  absl::StrAppend(&out, "# HELP dora_plugin_pool_connections Database connections per data source, by state.\n",
                  "# TYPE dora_plugin_pool_connections gauge\n");
  for (const auto& [raw_uid, u] : pools) {
    const std::string uid = LabelValue(raw_uid);
    absl::StrAppend(&out, "dora_plugin_pool_connections{datasource=\"", uid, "\",state=\"open\"} ", u.open, "\n",
                    "dora_plugin_pool_connections{datasource=\"", uid, "\",state=\"in_use\"} ", u.in_use, "\n",
                    "dora_plugin_pool_connections{datasource=\"", uid, "\",state=\"max\"} ", u.max, "\n");
  }
  return out;
}

}  // namespace dora
