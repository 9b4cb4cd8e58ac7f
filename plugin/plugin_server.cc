#include "plugin_server.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/json_log.h"
#include "datasource/health.h"
#include "datasource/query_handler.h"
#include "datasource/resources.h"
#include "handler_guard.h"

namespace dora {
namespace {

RawDataSourceSettings RawSettings(const pluginv2::PluginContext& ctx) {
  const pluginv2::DataSourceInstanceSettings& ds = ctx.datasourceinstancesettings();
  RawDataSourceSettings raw;
  raw.uid = ds.uid();
  raw.name = ds.name();
  raw.url = ds.url();
  raw.user = ds.user();
  raw.database = ds.database();
  raw.json_data = ds.jsondata();
  for (const auto& [k, v] : ds.decryptedsecurejsondata()) raw.secure[k] = v;
  raw.last_updated_ms = ds.lastupdatedms();
  return raw;
}

// A query text as a log field: long expressions are cut (a 1 MiB query
// must not make a 1 MiB log line).
std::string ForLog(const std::string& text) {
  constexpr size_t kMax = 512;
  if (text.size() <= kMax) return text;
  return absl::StrCat(text.substr(0, kMax), "... (", text.size(), " bytes)");
}

const char* OutcomeLabel(const DataQueryOutput& out) {
  if (out.error.empty()) return "ok";
  return out.error_source == ErrorSource::kPlugin ? "plugin_error" : "downstream_error";
}

}  // namespace

grpc::Status DataService::QueryData(grpc::ServerContext* context, const pluginv2::QueryDataRequest* request,
                                    pluginv2::QueryDataResponse* response) {
  return GuardedHandler("QueryData", [&]() -> grpc::Status {
    const RawDataSourceSettings raw = RawSettings(request->plugincontext());
    auto header = request->headers().find("FromAlert");
    const bool from_alert = header != request->headers().end() && header->second == "true";
    std::vector<DataQueryInput> inputs;
    for (const pluginv2::DataQuery& q : request->queries()) {
      inputs.push_back(DataQueryInput{q.refid(), q.json(), q.timerange().fromepochms(), q.timerange().toepochms(),
                                      q.intervalms(), q.maxdatapoints()});
    }
    const absl::Time start = absl::Now();
    std::vector<DataQueryOutput> outputs;
    auto instance = state_->instances.Get(raw);
    if (!instance.ok()) {
      for (size_t i = 0; i < inputs.size(); ++i) outputs.push_back(FailedQuery(instance.status()));
    } else {
      int parallelism = std::min(8, (*instance)->settings().max_open_conns);
      // Grafana's deadline and cancellation (a closed panel, a refresh) stop the queries.
      Interrupt interrupt;
      if (context->deadline() != std::chrono::system_clock::time_point::max()) {
        interrupt.deadline = absl::FromChrono(context->deadline());
      }
      interrupt.cancelled = [context] { return context->IsCancelled(); };
      outputs = RunDataQueries(**instance, inputs, from_alert, parallelism, interrupt);
    }
    const absl::Duration elapsed = absl::Now() - start;
    for (size_t i = 0; i < inputs.size(); ++i) {
      DataQueryOutput& out = outputs[i];
      pluginv2::DataResponse& dr = (*response->mutable_responses())[inputs[i].ref_id];
      dr.set_status(out.http_status);
      for (std::string& frame : out.frames) dr.add_frames(std::move(frame));
      if (!out.error.empty()) {
        dr.set_error(out.error);
        dr.set_errorsource(std::string(ErrorSourceName(out.error_source)));
        Log(out.error_source == ErrorSource::kPlugin ? LogLevel::kError : LogLevel::kWarn, "query failed",
            {{"refId", inputs[i].ref_id},
             {"datasource", raw.uid},
             {"expr", ForLog(out.expr)},
             {"status", absl::StrCat(out.http_status)},
             {"errorSource", std::string(ErrorSourceName(out.error_source))},
             {"error", out.error}});
      }
      state_->metrics.RecordQuery(OutcomeLabel(out), out.latency);
    }
    Log(LogLevel::kDebug, "QueryData",
        {{"datasource", raw.uid},
         {"queries", absl::StrCat(inputs.size())},
         {"fromAlert", from_alert ? "true" : "false"},
         {"duration", absl::FormatDuration(elapsed)}});
    return grpc::Status::OK;
  });
}

grpc::Status DiagnosticsService::CheckHealth(grpc::ServerContext*, const pluginv2::CheckHealthRequest* request,
                                             pluginv2::CheckHealthResponse* response) {
  return GuardedHandler("CheckHealth", [&]() -> grpc::Status {
    const RawDataSourceSettings raw = RawSettings(request->plugincontext());
    HealthResult h = CheckDataSourceHealth(state_->instances, raw);
    response->set_status(h.ok ? pluginv2::CheckHealthResponse::OK : pluginv2::CheckHealthResponse::ERROR);
    response->set_message(h.message);
    response->set_jsondetails(h.details_json);
    state_->metrics.RecordHealthCheck(h.ok);
    Log(h.ok ? LogLevel::kInfo : LogLevel::kWarn, "CheckHealth",
        {{"datasource", raw.uid}, {"status", h.ok ? "OK" : "ERROR"}, {"message", h.message}});
    return grpc::Status::OK;
  });
}

grpc::Status DiagnosticsService::CollectMetrics(grpc::ServerContext*, const pluginv2::CollectMetricsRequest*,
                                                pluginv2::CollectMetricsResponse* response) {
  return GuardedHandler("CollectMetrics", [&]() -> grpc::Status {
    response->mutable_metrics()->set_prometheus(state_->metrics.Render(state_->instances.PoolUsage()));
    return grpc::Status::OK;
  });
}

grpc::Status ResourceService::CallResource(grpc::ServerContext*, const pluginv2::CallResourceRequest* request,
                                           grpc::ServerWriter<pluginv2::CallResourceResponse>* writer) {
  return GuardedHandler("CallResource", [&]() -> grpc::Status {
    const RawDataSourceSettings raw = RawSettings(request->plugincontext());
    ResourceResponse r =
        HandleResource(state_->instances.Get(raw), {request->method(), request->path(), request->body()});
    pluginv2::CallResourceResponse out;
    out.set_code(r.code);
    (*out.mutable_headers())["Content-Type"].add_values(r.content_type);
    out.set_body(r.body);
    writer->Write(out);
    state_->metrics.RecordResource(r.code);
    Log(r.code >= 500 ? LogLevel::kWarn : LogLevel::kDebug, "CallResource",
        {{"datasource", raw.uid},
         {"method", request->method()},
         {"path", request->path()},
         {"code", absl::StrCat(r.code)}});
    return grpc::Status::OK;
  });
}

grpc::Status ControllerService::Shutdown(grpc::ServerContext*, const plugin::Empty*, plugin::Empty*) {
  Log(LogLevel::kInfo, "shutdown requested by the host");
  if (!state_->shutdown_requested.HasBeenNotified()) state_->shutdown_requested.Notify();
  return grpc::Status::OK;
}

}  // namespace dora
