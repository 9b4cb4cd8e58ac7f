#include "common/json_log.h"

#include <cstdio>
#include <mutex>

#include "nlohmann/json.hpp"

namespace dora {

namespace {
std::mutex& LogMutex() {
  static std::mutex* mu = new std::mutex;
  return *mu;
}
std::string& Module() {
  static std::string* module = new std::string("dora-metrics-datasource");
  return *module;
}
}  // namespace

void SetLogModule(const std::string& module) {
  std::lock_guard<std::mutex> lock(LogMutex());
  Module() = module;
}

void Log(LogLevel level, const std::string& message, const LogFields& fields) {
  static const char* const kLevels[] = {"debug", "info", "warn", "error"};
  nlohmann::ordered_json j;
  j["@level"] = kLevels[static_cast<int>(level)];
  j["@message"] = message;
  {
    std::lock_guard<std::mutex> lock(LogMutex());
    j["@module"] = Module();
  }
  for (const auto& [k, v] : fields) j[k] = v;
  // Invalid UTF-8 in a value must not abort logging.
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(LogMutex());
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace dora
