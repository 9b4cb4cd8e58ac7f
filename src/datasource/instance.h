// One data source instance per Grafana datasource uid: its validated
// settings, its connection pool and its engine. InstanceCache hands out the
// current instance and rebuilds it when Grafana reports newer settings
// (lastUpdatedMS changed); requests still running on the old instance keep
// it alive until they finish.
#ifndef DORA_DATASOURCE_INSTANCE_H_
#define DORA_DATASOURCE_INSTANCE_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "datasource/settings.h"
#include "engine/query_engine.h"
#include "store/pg_pool.h"

namespace dora {

class DataSourceInstance {
 public:
  explicit DataSourceInstance(DataSourceSettings settings);

  const DataSourceSettings& settings() const { return settings_; }
  PgPool& pool() { return pool_; }
  const QueryEngine& engine() const { return engine_; }

 private:
  DataSourceSettings settings_;
  PgPool pool_;
  QueryEngine engine_;
};

// Thread-safe.
class InstanceCache {
 public:
  // Invalid settings are returned as the ParseSettings error, every time
  // (nothing is cached for them).
  absl::StatusOr<std::shared_ptr<DataSourceInstance>> Get(const RawDataSourceSettings& raw);

  // Pool usage of every cached instance, by uid (for CollectMetrics).
  std::map<std::string, PgPool::Usage> PoolUsage() const;

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<DataSourceInstance>> by_uid_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dora

#endif  // DORA_DATASOURCE_INSTANCE_H_
