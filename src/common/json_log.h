// Structured logs: one hclog-style JSON object per line on stderr
// ({"@level","@message","@module", key/values...}), the format go-plugin
// parses from plugins and log shippers parse from servers. No @timestamp
// (Grafana and journald stamp lines themselves). Thread-safe. Never pass
// secrets.
#ifndef DORA_COMMON_JSON_LOG_H_
#define DORA_COMMON_JSON_LOG_H_

#include <string>
#include <utility>
#include <vector>

namespace dora {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

using LogFields = std::vector<std::pair<std::string, std::string>>;

// The module name written as "@module" (default "dora-metrics-datasource").
void SetLogModule(const std::string& module);

void Log(LogLevel level, const std::string& message, const LogFields& fields = {});

}  // namespace dora

#endif  // DORA_COMMON_JSON_LOG_H_
