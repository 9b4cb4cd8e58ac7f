// The gRPC services Grafana calls. Each handler only translates between the
// pluginv2 messages and the transport-free use cases in src/datasource/.
#ifndef DORA_PLUGIN_PLUGIN_SERVER_H_
#define DORA_PLUGIN_PLUGIN_SERVER_H_

#include "absl/synchronization/notification.h"
#include "datasource/instance.h"
#include "datasource/plugin_metrics.h"
#include "plugin/grpc_controller.grpc.pb.h"
#include "pluginv2/backend.grpc.pb.h"

namespace dora {

// State shared by the services; outlives the gRPC server.
struct PluginState {
  explicit PluginState(InstanceOptions options) : instances(std::move(options)) {}

  InstanceCache instances;
  PluginMetrics metrics;
  absl::Notification shutdown_requested;
};

class DataService final : public pluginv2::Data::Service {
 public:
  explicit DataService(PluginState* state) : state_(state) {}
  grpc::Status QueryData(grpc::ServerContext* context, const pluginv2::QueryDataRequest* request,
                         pluginv2::QueryDataResponse* response) override;

 private:
  PluginState* state_;
};

class DiagnosticsService final : public pluginv2::Diagnostics::Service {
 public:
  explicit DiagnosticsService(PluginState* state) : state_(state) {}
  grpc::Status CheckHealth(grpc::ServerContext* context, const pluginv2::CheckHealthRequest* request,
                           pluginv2::CheckHealthResponse* response) override;
  grpc::Status CollectMetrics(grpc::ServerContext* context, const pluginv2::CollectMetricsRequest* request,
                              pluginv2::CollectMetricsResponse* response) override;

 private:
  PluginState* state_;
};

class ResourceService final : public pluginv2::Resource::Service {
 public:
  explicit ResourceService(PluginState* state) : state_(state) {}
  grpc::Status CallResource(grpc::ServerContext* context, const pluginv2::CallResourceRequest* request,
                            grpc::ServerWriter<pluginv2::CallResourceResponse>* writer) override;

 private:
  PluginState* state_;
};

// go-plugin's controller: Shutdown only signals; the main thread stops the server.
class ControllerService final : public plugin::GRPCController::Service {
 public:
  explicit ControllerService(PluginState* state) : state_(state) {}
  grpc::Status Shutdown(grpc::ServerContext* context, const plugin::Empty* request, plugin::Empty* response) override;

 private:
  PluginState* state_;
};

}  // namespace dora

#endif  // DORA_PLUGIN_PLUGIN_SERVER_H_
