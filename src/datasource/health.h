// The CheckHealth use case: a result a user can act on, never an exception
// or RPC error for anything the user can fix.
#ifndef DORA_DATASOURCE_HEALTH_H_
#define DORA_DATASOURCE_HEALTH_H_

#include <string>

#include "datasource/instance.h"
#include "datasource/settings.h"
#include "store/store.h"

namespace dora {

struct HealthResult {
  bool ok = false;
  std::string message;
  std::string details_json;  // always a JSON object
};

// Validates settings, then CheckStoreHealth on the instance's store.
HealthResult CheckDataSourceHealth(InstanceCache& cache, const RawDataSourceSettings& raw);

// Asks `store` to describe the database (Store::Describe): connects, checks
// the schema version, counts the events of the last 7 days per type and
// warns when the role can write. `settings` names the database in messages.
HealthResult CheckStoreHealth(Store& store, const DataSourceSettings& settings);

}  // namespace dora

#endif  // DORA_DATASOURCE_HEALTH_H_
