#include "datasource/query_handler.h"

#include <atomic>
#include <map>
#include <memory>
#include <thread>
#include <tuple>

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

// `out` with `result`'s frames for `ref_id` appended; a failure when a frame
// does not encode.
DataQueryOutput WithFrames(DataQueryOutput out, const QueryResult& result, const std::string& ref_id, bool from_alert) {
  std::vector<Frame> frames = FramesForResult(result, ref_id, from_alert);
  if (!frames.empty() && frames.front().meta) {
    frames.front().meta->stats.push_back(
        {"Engine time (database and shaping)", "ms", absl::ToDoubleMilliseconds(out.engine_time)});
  }
  for (const Frame& f : frames) {
    auto bytes = EncodeArrowFile(f);
    if (!bytes.ok()) {
      // Already an encode error: passed on as the plugin's own failure, not prefixed again.
      return Failure(WithCode(bytes.status(), absl::StatusCode::kInternal), out.expr);
    }
    out.frames.push_back(*std::move(bytes));
  }
  return out;
}

// One query's answer and, when it ran, its result (for queries of the same
// request that ask the same question).
struct Answer {
  DataQueryOutput out;
  std::shared_ptr<const QueryResult> result;
};

Answer RunOneQuery(DataSourceInstance& instance, const DataQueryInput& in, bool from_alert,
                   const Interrupt& interrupt) {
  absl::Status stop = interrupt.Check();
  if (!stop.ok()) return {Failure(stop), nullptr};
  absl::StatusOr<QueryModel> model = ParseQueryModel(in.json);
  if (!model.ok()) return {Failure(model.status()), nullptr};
  if (model->hide) return {DataQueryOutput{}, nullptr};
  const std::string& expr = model->expr;
  if (absl::StripAsciiWhitespace(expr).empty()) {
    return {Failure(PhaseError(Phase::kQuery, absl::StatusCode::kInvalidArgument,
                               "expr is empty; enter a query such as `lead_time p90 by service`")),
            nullptr};
  }
  const QueryContext ctx = ContextFor(instance, in, *model);
  const absl::Time start = absl::Now();
  auto compiled = Compile(expr, ctx);
  if (!compiled.ok()) return {Failure(compiled.status(), expr), nullptr};
  if (from_alert && !IsAlertable(compiled->bound)) {
    return {Failure(PhaseError(Phase::kQuery, absl::StatusCode::kInvalidArgument,
                               absl::StrCat("'", compiled->bound.normalized_text,
                                            "' returns a table of events, not values an alert can evaluate; use a "
                                            "metric query such as `change_failure_rate by service`")),
                    expr),
            nullptr};
  }
  auto result = instance.engine().Execute(*std::move(compiled), interrupt);
  if (!result.ok()) return {Failure(result.status(), expr), nullptr};
  DataQueryOutput out;
  out.expr = expr;
  out.engine_time = absl::Now() - start;
  auto shared = std::make_shared<const QueryResult>(*std::move(result));
  return {WithFrames(std::move(out), *shared, in.ref_id, from_alert), shared};
}

Answer RunTimedQuery(DataSourceInstance& instance, const DataQueryInput& in, bool from_alert,
                     const Interrupt& interrupt) {
  const absl::Time start = absl::Now();
  Answer a = RunOneQuery(instance, in, from_alert, interrupt);
  a.out.latency = absl::Now() - start;
  return a;
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
  return RunTimedQuery(instance, in, from_alert, interrupt).out;
}

std::vector<size_t> SameQuestionAs(const std::vector<DataQueryInput>& inputs, const std::vector<bool>& runs) {
  std::vector<size_t> first(inputs.size());
  std::map<std::tuple<std::string, std::optional<std::string>, int64_t, int64_t, int64_t, int64_t>, size_t> seen;
  for (size_t i = 0; i < inputs.size(); ++i) {
    first[i] = i;
    if (!runs[i]) continue;
    absl::StatusOr<QueryModel> model = ParseQueryModel(inputs[i].json);
    if (!model.ok() || model->hide) continue;
    const DataQueryInput& in = inputs[i];
    auto key = std::make_tuple(model->expr, model->timezone, in.from_ms, in.to_ms, in.interval_ms, in.max_data_points);
    first[i] = seen.emplace(std::move(key), i).first->second;
  }
  return first;
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
  // A query that asks what an earlier one of the request asks is answered
  // from that one's result.
  const std::vector<size_t> first = SameQuestionAs(inputs, run);
  std::vector<std::shared_ptr<const QueryResult>> results(inputs.size());
  std::atomic<size_t> next{0};
  // An exception is a bug, but it must fail its own query, not unwind past
  // threads that are still running (which would abort the process).
  auto guarded = [&](size_t i) -> Answer {
    try {
      return RunTimedQuery(instance, inputs[i], from_alert, interrupt);
    } catch (const std::exception& e) {
      return {Failure(PhaseError(Phase::kPlugin, absl::StatusCode::kInternal,
                                 absl::StrCat("unexpected failure: ", e.what()))),
              nullptr};
    } catch (...) {
      return {Failure(PhaseError(Phase::kPlugin, absl::StatusCode::kInternal, "unexpected failure")), nullptr};
    }
  };
  auto work = [&] {
    for (size_t i = next++; i < inputs.size(); i = next++) {
      if (!run[i] || first[i] != i) continue;
      Answer a = guarded(i);
      outputs[i] = std::move(a.out);
      results[i] = std::move(a.result);
    }
  };
  // Copies of the first query's answer, with frames for their own refId.
  auto answer_copies = [&] {
    for (size_t i = 0; i < inputs.size(); ++i) {
      const size_t f = first[i];
      if (f == i) continue;
      if (!results[f]) {  // it failed: the same failure
        outputs[i] = outputs[f];
        continue;
      }
      const absl::Time start = absl::Now();
      DataQueryOutput copy;
      copy.expr = outputs[f].expr;
      copy.engine_time = outputs[f].engine_time;
      outputs[i] = WithFrames(std::move(copy), *results[f], inputs[i].ref_id, from_alert);
      outputs[i].latency = absl::Now() - start;
    }
  };
  size_t threads = std::min<size_t>(inputs.size(), static_cast<size_t>(std::max(1, parallelism)));
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  }
  answer_copies();
  return outputs;
}

}  // namespace dora
