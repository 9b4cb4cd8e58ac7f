// Counters and histograms the plugin exposes through CollectMetrics, in the
// Prometheus text exposition format. Thread-safe.
#ifndef DORA_DATASOURCE_PLUGIN_METRICS_H_
#define DORA_DATASOURCE_PLUGIN_METRICS_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/latency_histogram.h"
#include "store/pg_pool.h"

namespace dora {

class PluginMetrics {
 public:
  // One query of a QueryData request: outcome "ok", "downstream_error" or
  // "plugin_error", and that query's own latency (DataQueryOutput::latency).
  void RecordQuery(const std::string& outcome, absl::Duration latency);
  void RecordHealthCheck(bool ok);
  void RecordResource(int code);

  std::string Render(const std::map<std::string, PgPool::Usage>& pools) const;

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, int64_t> queries_ ABSL_GUARDED_BY(mu_);
  LatencyHistogram query_latency_ ABSL_GUARDED_BY(mu_){{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}};
  std::map<std::string, int64_t> health_ ABSL_GUARDED_BY(mu_);
  std::map<int, int64_t> resources_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dora

#endif  // DORA_DATASOURCE_PLUGIN_METRICS_H_
