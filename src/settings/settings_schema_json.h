// The settings schema as JSON, for the config editor and docs: what
// `dora settings-schema --json` prints and the build writes to
// plugin/frontend/src/generated/settings.json.
//
//   {"durationGrammar": {"description", "pattern", "termPattern", "units":
//                        [{"unit": "w", "ms": 604800000}, ...], "maxMs"},
//    "settings": [{"key", "store": "topLevel"|"jsonData"|"secureJsonData",
//                  "field", "cliFlag" (or null), "type": "string"|"choice"|
//                  "failureSignals"|"integer"|"duration", "label",
//                  "description", "rule", "default" (or null), "placeholder",
//                  "required", "secure", "unit" ("ms" for durations, else
//                  null), "min", "max" (null: none), "exclusiveMin",
//                  "choices": [{"value", "label", "description"}],
//                  "ignoreCase" (choices match in any case),
//                  "emptyIsDefault" ("" means the default),
//                  "listWords": [...]}, ...]}
//
// `pattern` (case-insensitive, whole text) accepts exactly what
// ParseSettingDuration reads; `termPattern` matches one term with its
// number and unit. Durations must also be whole milliseconds and at most
// `maxMs`.
#ifndef DORA_SETTINGS_SETTINGS_SCHEMA_JSON_H_
#define DORA_SETTINGS_SETTINGS_SCHEMA_JSON_H_

#include <string>

#include "nlohmann/json.hpp"
#include "settings/settings_schema.h"

namespace dora {

nlohmann::json SettingsSchemaJson();

// The rule of a setting in one line, as the config editor shows it under an
// invalid value: "A duration such as 30s, 5m or 1h30m, at least 1s".
std::string SettingRuleText(const SettingSpec& spec);

}  // namespace dora

#endif  // DORA_SETTINGS_SETTINGS_SCHEMA_JSON_H_
