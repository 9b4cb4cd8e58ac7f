// The last line of defence of every gRPC handler: an exception that escapes
// a handler's body becomes an INTERNAL status (and a log line) instead of
// terminating the plugin, which would fail every panel of every dashboard.
// Handlers translate their own errors; reaching this is a bug.
#ifndef DORA_PLUGIN_HANDLER_GUARD_H_
#define DORA_PLUGIN_HANDLER_GUARD_H_

#include <exception>
#include <string>

#include <grpcpp/grpcpp.h>

#include "common/json_log.h"

namespace dora {

template <typename Body>
grpc::Status GuardedHandler(const char* rpc, Body&& body) {
  std::string what;
  try {
    return body();
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "unknown exception";
  }
  Log(LogLevel::kError, "handler failed unexpectedly", {{"rpc", rpc}, {"error", what}});
  return grpc::Status(grpc::StatusCode::INTERNAL, std::string(rpc) + ": unexpected failure in the plugin: " + what);
}

}  // namespace dora

#endif  // DORA_PLUGIN_HANDLER_GUARD_H_
