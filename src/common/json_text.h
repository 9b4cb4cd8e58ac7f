// JSON text to a document, strictly: one value, surrounding whitespace only,
// and no NUL byte anywhere (nlohmann's lexer would take one for the end of
// the input and ignore whatever follows it).
#ifndef DORA_COMMON_JSON_TEXT_H_
#define DORA_COMMON_JSON_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace dora {

// The document, or a discarded value (is_discarded()) with `*problem` saying
// why: "a NUL byte at offset N", or the parser's message.
nlohmann::json ParseJsonText(absl::string_view text, std::string* problem = nullptr);
nlohmann::ordered_json ParseOrderedJsonText(absl::string_view text, std::string* problem = nullptr);

}  // namespace dora

#endif  // DORA_COMMON_JSON_TEXT_H_
