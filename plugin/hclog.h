// Logging as go-plugin expects it from a plugin: one hclog-style JSON object
// per line on stderr ({"@level","@message","@module", key/values...}); no
// @timestamp (Grafana stamps lines itself). Thread-safe. Never pass secrets.
#ifndef DORA_PLUGIN_HCLOG_H_
#define DORA_PLUGIN_HCLOG_H_

#include <string>
#include <utility>
#include <vector>

namespace dora {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

using LogFields = std::vector<std::pair<std::string, std::string>>;

void Log(LogLevel level, const std::string& message, const LogFields& fields = {});

}  // namespace dora

#endif  // DORA_PLUGIN_HCLOG_H_
