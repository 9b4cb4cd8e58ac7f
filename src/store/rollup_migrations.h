// The SQL of the migrations that keep query-shaped copies of
// delivery_events (schema versions 8 to 16), each with the triggers that
// keep it equal to the events: one file per table (<table>_sql.cc, whose
// template's comment says what the table holds and how it is kept), over
// store/kept_table_sql.h. store/migrations.cc runs them in order.
#ifndef DORA_STORE_ROLLUP_MIGRATIONS_H_
#define DORA_STORE_ROLLUP_MIGRATIONS_H_

#include <string>

namespace dora {

// Version 8: deploy_day_counts, deploys per UTC day and key.
const std::string& DeployDayCountsSql();
// Version 9: incident_firsts, one row per incident.
const std::string& IncidentFirstsSql();
// Version 10: lead_time_days, the lead times of each UTC day and key.
const std::string& LeadTimeDaysSql();
// Version 13: lead_time_days made again (its values were bytea before):
// dropped, then version 10's statements, which fill it from the events.
const std::string& LeadTimeDaysAsTextSql();
// Version 11: event_day_counts, events per UTC day and key (data_quality).
const std::string& EventDayCountsSql();
// Version 14: deploy_week_counts, deploys per ISO week of UTC days and key
// (version 8's statements for weeks).
const std::string& DeployWeekCountsSql();
// Version 15: event_week_counts, events per ISO week of UTC days and key
// (version 11's statements for weeks; data_quality).
const std::string& EventWeekCountsSql();
// Version 16: unopened_resolutions, the resolutions whose incident has no
// open (data_quality).
const std::string& UnopenedResolutionsSql();

}  // namespace dora

#endif  // DORA_STORE_ROLLUP_MIGRATIONS_H_
