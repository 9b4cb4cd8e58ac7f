#include "datasource/instance.h"

namespace dora {
namespace {

PgPoolOptions PoolOptions(const DataSourceSettings& s, const DataSourceInstance* instance) {
  PgPoolOptions o;
  o.url_source = [instance] { return instance->ConnectionString(); };
  o.max_connections = s.max_open_conns;
  o.statement_timeout = s.statement_timeout;
  o.acquire_timeout = std::max(s.statement_timeout, absl::Seconds(10));
  o.application_name = "grafana-dora-datasource";
  return o;
}

}  // namespace

DataSourceInstance::DataSourceInstance(DataSourceSettings settings, std::unique_ptr<TlsMaterial> tls,
                                       const InstanceOptions& options)
    : settings_(std::move(settings)),
      tls_(std::move(tls)),
      resolver_{settings_.connect_timeout, options.resolver_lookups},
      store_(PoolOptions(settings_, this)),
      engine_(&store_) {}

absl::StatusOr<std::string> DataSourceInstance::ConnectionString() const {
  const TlsFilePaths& tls = tls_->paths();
  if (ClassifyHost(settings_.host) == HostKind::kUnixSocket) return settings_.ConnectionString({}, tls);
  auto addresses = ResolveHost(settings_.host, resolver_);  // a numeric host comes back as itself
  if (!addresses.ok()) return addresses.status();
  return settings_.ConnectionString(*addresses, tls);
}

absl::StatusOr<std::shared_ptr<DataSourceInstance>> InstanceCache::Get(const RawDataSourceSettings& raw) {
  {
    absl::MutexLock lock(&mu_);
    auto it = by_uid_.find(raw.uid);
    if (it != by_uid_.end() && it->second->settings().last_updated_ms == raw.last_updated_ms) return it->second;
  }
  auto settings = ParseSettings(raw);
  if (!settings.ok()) return settings.status();
  auto tls = TlsMaterial::Prepare(*settings, options_.scratch_dir);
  if (!tls.ok()) return tls.status();
  auto instance = std::make_shared<DataSourceInstance>(*std::move(settings), *std::move(tls), options_);
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
