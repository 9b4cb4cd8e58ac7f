#include "datasource/query_handler.h"

#include <atomic>
#include <map>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/phase_error.h"
#include "datasource/query_model.h"
#include "datasource/result_frames.h"
#include "frame/arrow_writer.h"

namespace dora {
namespace {

QueryContext ContextFor(const DataSourceInstance& instance, const DataQueryInput& in, const QueryModel& model) {
  QueryContext ctx;
  ctx.from = absl::FromUnixMillis(in.from_ms);
  ctx.to = absl::FromUnixMillis(in.to_ms);
  ctx.interval = absl::Milliseconds(in.interval_ms);
  if (in.max_data_points > 0) ctx.max_data_points = static_cast<int>(std::min<int64_t>(in.max_data_points, 100000));
  ctx.policy = instance.settings().policy;
  ctx.time_zone = QueryTimeZone(model.timezone, instance.settings().default_time_zone);
  return ctx;
}

DataQueryOutput Failure(const absl::Status& status, std::string expr = "") {
  GrafanaOutcome o = OutcomeForStatus(status);
  DataQueryOutput out;
  out.http_status = o.http_status;
  out.error_source = o.source;
  out.error = std::string(status.message());
  out.expr = std::move(expr);
  return out;
}

DataQueryOutput RunOneQuery(DataSourceInstance& instance, const DataQueryInput& in, bool from_alert,
                            const Interrupt& interrupt) {
  absl::Status stop = interrupt.Check();
  if (!stop.ok()) return Failure(stop);
  absl::StatusOr<QueryModel> model = ParseQueryModel(in.json);
  if (!model.ok()) return Failure(model.status());
  if (model->hide) return DataQueryOutput{};
  const std::string& expr = model->expr;
  if (absl::StripAsciiWhitespace(expr).empty()) {
    return Failure(PhaseError(Phase::kQuery, absl::StatusCode::kInvalidArgument,
                              "expr is empty; enter a query such as `lead_time p90 by service`"));
  }
  const QueryContext ctx = ContextFor(instance, in, *model);
  const absl::Time start = absl::Now();
  auto compiled = Compile(expr, ctx);
  if (!compiled.ok()) return Failure(compiled.status(), expr);
  if (from_alert && !IsAlertable(compiled->bound)) {
    return Failure(PhaseError(Phase::kQuery, absl::StatusCode::kInvalidArgument,
                              absl::StrCat("'", compiled->bound.normalized_text,
                                           "' returns a table of events, not values an alert can evaluate; use a "
                                           "metric query such as `change_failure_rate by service`")),
                   expr);
  }
  auto result = instance.engine().Execute(*std::move(compiled), interrupt);
  if (!result.ok()) return Failure(result.status(), expr);
  DataQueryOutput out;
  out.expr = expr;
  out.engine_time = absl::Now() - start;
  std::vector<Frame> frames = FramesForResult(*result, in.ref_id, from_alert);
  if (!frames.empty() && frames.front().meta) {
    frames.front().meta->stats.push_back(
        {"Engine time (database and shaping)", "ms", absl::ToDoubleMilliseconds(out.engine_time)});
  }
  for (const Frame& f : frames) {
    auto bytes = EncodeArrowFile(f);
    if (!bytes.ok()) {
      // Already an encode error: passed on as the plugin's own failure, not prefixed again.
      return Failure(WithCode(bytes.status(), absl::StatusCode::kInternal), expr);
    }
    out.frames.push_back(*std::move(bytes));
  }
  return out;
}

}  // namespace

std::string QueryTimeZone(const std::optional<std::string>& requested, const std::string& default_zone) {
  if (!requested || requested->empty() || *requested == "browser") return default_zone;
  if (absl::AsciiStrToLower(*requested) == "utc") return "UTC";
  return *requested;
}

DataQueryOutput FailedQuery(const absl::Status& status) { return Failure(status); }

DataQueryOutput RunDataQuery(DataSourceInstance& instance, const DataQueryInput& in, bool from_alert,
                             const Interrupt& interrupt) {
  const absl::Time start = absl::Now();
  DataQueryOutput out = RunOneQuery(instance, in, from_alert, interrupt);
  out.latency = absl::Now() - start;
  return out;
}

std::vector<DataQueryOutput> RunDataQueries(DataSourceInstance& instance, const std::vector<DataQueryInput>& inputs,
                                            bool from_alert, int parallelism, const Interrupt& interrupt) {
  std::vector<DataQueryOutput> outputs(inputs.size());
  // Grafana answers by refId: queries sharing one would overwrite each other's
  // answer, so none of them runs.
  std::map<std::string, int> uses;
  for (const DataQueryInput& in : inputs) ++uses[in.ref_id];
  std::vector<bool> run(inputs.size(), true);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int n = uses[inputs[i].ref_id];
    if (n < 2) continue;
    run[i] = false;
    outputs[i] = Failure(PhaseError(Phase::kQuery, absl::StatusCode::kInvalidArgument,
                                    absl::StrCat("refId '", inputs[i].ref_id, "' is used by ", n,
                                                 " queries of one request; each query needs its own refId")));
  }
  std::atomic<size_t> next{0};
  // An exception is a bug, but it must fail its own query, not unwind past
  // threads that are still running (which would abort the process).
  auto guarded = [&](size_t i) {
    try {
      return RunDataQuery(instance, inputs[i], from_alert, interrupt);
    } catch (const std::exception& e) {
      return Failure(
          PhaseError(Phase::kPlugin, absl::StatusCode::kInternal, absl::StrCat("unexpected failure: ", e.what())));
    } catch (...) {
      return Failure(PhaseError(Phase::kPlugin, absl::StatusCode::kInternal, "unexpected failure"));
    }
  };
  auto work = [&] {
    for (size_t i = next++; i < inputs.size(); i = next++) {
      if (run[i]) outputs[i] = guarded(i);
    }
  };
  size_t threads = std::min<size_t>(inputs.size(), static_cast<size_t>(std::max(1, parallelism)));
  if (threads <= 1) {
    work();
    return outputs;
  }
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return outputs;
}

}  // namespace dora
