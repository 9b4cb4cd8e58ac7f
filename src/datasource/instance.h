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
#include "datasource/tls_material.h"
#include "engine/query_engine.h"
#include "store/host_resolver.h"
#include "store/pg_store.h"

namespace dora {

// How instances reach their database, the same for every data source.
struct InstanceOptions {
  // A private directory (0700) for TLS files written from secureJsonData.
  std::string scratch_dir = "/tmp";
  // Host names are resolved with c-ares for every new connection (a static
  // plugin cannot use glibc's NSS); the timeout is the connect timeout.
  std::string resolver_lookups;  // HostResolverOptions::lookups
};

class DataSourceInstance {
 public:
  // `tls` is never null (TlsMaterial::Prepare of the same settings).
  DataSourceInstance(DataSourceSettings settings, std::unique_ptr<TlsMaterial> tls, const InstanceOptions& options);

  const DataSourceSettings& settings() const { return settings_; }
  Store& store() { return store_; }
  // The store's pool, for reads through SqlExecutor and its usage.
  PgPool& pool() { return store_.pool(); }
  const QueryEngine& engine() const { return engine_; }

  // The libpq connection string for a new connection: the host resolved now.
  absl::StatusOr<std::string> ConnectionString() const;

 private:
  DataSourceSettings settings_;
  std::unique_ptr<TlsMaterial> tls_;
  HostResolverOptions resolver_;
  PgStore store_;
  QueryEngine engine_;
};

// Thread-safe.
class InstanceCache {
 public:
  explicit InstanceCache(InstanceOptions options = {}) : options_(std::move(options)) {}

  // Invalid settings (ParseSettings) and unusable TLS material
  // (TlsMaterial::Prepare) are returned as errors, every time (nothing is
  // cached for them).
  absl::StatusOr<std::shared_ptr<DataSourceInstance>> Get(const RawDataSourceSettings& raw);

  // Pool usage of every cached instance, by uid (for CollectMetrics).
  std::map<std::string, PgPool::Usage> PoolUsage() const;

 private:
  const InstanceOptions options_;
  mutable absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<DataSourceInstance>> by_uid_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dora

#endif  // DORA_DATASOURCE_INSTANCE_H_
