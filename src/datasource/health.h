// The CheckHealth use case: a result a user can act on, never an exception
// or RPC error for anything the user can fix.
#ifndef DORA_DATASOURCE_HEALTH_H_
#define DORA_DATASOURCE_HEALTH_H_

#include <string>

#include "datasource/instance.h"

namespace dora {

struct HealthResult {
  bool ok = false;
  std::string message;
  std::string details_json;  // always a JSON object
};

// Validates settings, connects, checks the schema version and counts the
// events of the last 7 days per type.
HealthResult CheckDataSourceHealth(InstanceCache& cache, const RawDataSourceSettings& raw);

}  // namespace dora

#endif  // DORA_DATASOURCE_HEALTH_H_
