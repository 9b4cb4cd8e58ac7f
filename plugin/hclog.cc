#include "hclog.h"

#include <cstdio>
#include <mutex>

#include "nlohmann/json.hpp"

namespace dora {

void Log(LogLevel level, const std::string& message, const LogFields& fields) {
  static std::mutex mu;
  static const char* const kLevels[] = {"debug", "info", "warn", "error"};
  nlohmann::ordered_json j;
  j["@level"] = kLevels[static_cast<int>(level)];
  j["@message"] = message;
  j["@module"] = "dora-metrics-datasource";
  for (const auto& [k, v] : fields) j[k] = v;
  // Invalid UTF-8 in a value must not abort logging.
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(mu);
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace dora
