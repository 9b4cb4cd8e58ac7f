// The QueryData use case for one query, free of transport types.
#ifndef DORA_DATASOURCE_QUERY_HANDLER_H_
#define DORA_DATASOURCE_QUERY_HANDLER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/grafana_outcome.h"
#include "common/interrupt.h"
#include "datasource/instance.h"

namespace dora {

struct DataQueryInput {
  std::string ref_id;
  std::string json;  // the query model: {"expr": "...", "timezone"?: "...", "hide"?: bool}
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  int64_t interval_ms = 0;
  int64_t max_data_points = 0;
};

struct DataQueryOutput {
  int http_status = 200;
  std::string error;  // empty on success
  ErrorSource error_source = ErrorSource::kDownstream;
  std::vector<std::string> frames;  // Arrow IPC files
  std::string expr;                 // for logs
  // Time in the engine (compile, SQL, shaping), also reported to Grafana as
  // the first frame's meta.stats entry "Engine time (database and shaping)".
  absl::Duration engine_time = absl::ZeroDuration();
  // Wall time of this query alone (parse to encoded frames), for the plugin's
  // per-query latency histogram; zero for a query that never ran.
  absl::Duration latency = absl::ZeroDuration();
};

// Never throws; every failure becomes a status/error/errorSource per the
// table in common/grafana_outcome.h. Stops when `interrupt` fires (the
// caller's deadline or cancellation): before compiling, and during the
// database statement.
DataQueryOutput RunDataQuery(DataSourceInstance& instance, const DataQueryInput& input, bool from_alert,
                             const Interrupt& interrupt = {});

// Runs `inputs` on at most `parallelism` threads; outputs are in input order.
// Queries that share a refId do not run and fail with a 400 (their answers
// would overwrite each other); queries that ask the same question run once
// (SameQuestionAs); an exception escaping one query fails that query only.
std::vector<DataQueryOutput> RunDataQueries(DataSourceInstance& instance, const std::vector<DataQueryInput>& inputs,
                                            bool from_alert, int parallelism, const Interrupt& interrupt = {});

// For each of `inputs`, the index of the first query among those that `runs`
// that asks the same question: the same expr and timezone in the model, the
// same range, interval and maximum of points (Grafana's stat and bar gauge
// panels send one query twice, as A and N). RunDataQueries runs that one
// and answers the others from its result, each with frames for its own
// refId. A query that does not run, is hidden or whose model does not parse
// is its own.
std::vector<size_t> SameQuestionAs(const std::vector<DataQueryInput>& inputs, const std::vector<bool>& runs);

// The IANA zone a query runs in. `requested` is the model's `timezone`
// (Grafana's dashboard zone, which the frontend resolves to the viewer's IANA
// zone before sending): absent, "" or "browser" (a request that could not
// know the viewer's zone: alert rules, API calls) is `default_zone` (the data
// source's defaultTimeZone); "utc" in any case is UTC; anything else is
// returned as is, for the binder to check.
std::string QueryTimeZone(const std::optional<std::string>& requested, const std::string& default_zone);

// The output for a query that could not even reach an instance (bad settings).
DataQueryOutput FailedQuery(const absl::Status& status);

}  // namespace dora

#endif  // DORA_DATASOURCE_QUERY_HANDLER_H_
