#include "datasource/instance.h"

namespace dora {
namespace {

PgPoolOptions PoolOptions(const DataSourceSettings& s) {
  PgPoolOptions o;
  o.url = s.ConnectionString();
  o.max_connections = s.max_open_conns;
  o.statement_timeout = s.statement_timeout;
  o.acquire_timeout = std::max(s.statement_timeout, absl::Seconds(10));
  o.application_name = "grafana-dora-datasource";
  return o;
}

}  // namespace

DataSourceInstance::DataSourceInstance(DataSourceSettings settings)
    : settings_(std::move(settings)), pool_(PoolOptions(settings_)), engine_(&pool_) {}

absl::StatusOr<std::shared_ptr<DataSourceInstance>> InstanceCache::Get(const RawDataSourceSettings& raw) {
  {
    absl::MutexLock lock(&mu_);
    auto it = by_uid_.find(raw.uid);
    if (it != by_uid_.end() && it->second->settings().last_updated_ms == raw.last_updated_ms) return it->second;
  }
  auto settings = ParseSettings(raw);
  if (!settings.ok()) return settings.status();
  auto instance = std::make_shared<DataSourceInstance>(*std::move(settings));
  absl::MutexLock lock(&mu_);
  auto& slot = by_uid_[raw.uid];
  // Another request may have built the same version meanwhile: keep one.
  if (slot && slot->settings().last_updated_ms == raw.last_updated_ms) return slot;
  slot = instance;
  return instance;
}

std::map<std::string, PgPool::Usage> InstanceCache::PoolUsage() const {
  absl::MutexLock lock(&mu_);
  std::map<std::string, PgPool::Usage> out;
  for (const auto& [uid, instance] : by_uid_) out[uid] = instance->pool().GetUsage();
  return out;
}

}  // namespace dora
