// The SQL of the migrations that keep query-shaped copies of
// delivery_events (schema versions 8 and 9), each with the triggers that
// keep it equal to the events: see each constant. store/migrations.cc runs
// them in order.
#ifndef DORA_STORE_ROLLUP_MIGRATIONS_H_
#define DORA_STORE_ROLLUP_MIGRATIONS_H_

namespace dora {

// Version 8: deploy_day_counts, deploys per UTC day and key.
extern const char* const kDeployDayCounts;
// Version 9: incident_firsts, one row per incident.
extern const char* const kIncidentFirsts;

}  // namespace dora

#endif  // DORA_STORE_ROLLUP_MIGRATIONS_H_
