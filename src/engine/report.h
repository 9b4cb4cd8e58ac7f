// The per-service DORA report: the five metrics side by side, each computed
// by the same engine query a dashboard panel would run.
#ifndef DORA_ENGINE_REPORT_H_
#define DORA_ENGINE_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/query_engine.h"
#include "forms/result_table.h"

namespace dora {

struct Report {
  // service, deploys, deploy_frequency, deploy_frequency_band, lead_time_p50,
  // lead_time_p90, lead_time_band (of the median), change_failure_rate,
  // change_failure_rate_band, recovery_time_p50, recovery_time_band,
  // incidents, rework_rate.
  ResultTable table;
  std::vector<std::string> notices;  // from the underlying queries, prefixed with the query
  std::vector<std::string> queries;  // the query texts that produced the columns
};

absl::StatusOr<Report> BuildServiceReport(const QueryEngine& engine, const QueryContext& context);

}  // namespace dora

#endif  // DORA_ENGINE_REPORT_H_
