// UTF-8 validity, the one definition every layer uses.
#ifndef DORA_COMMON_UTF8_H_
#define DORA_COMMON_UTF8_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dora {

// Whether `s` is well-formed UTF-8: no stray continuation bytes, no
// truncated sequences, no overlong forms, no surrogates, nothing past
// U+10FFFF.
bool IsValidUtf8(absl::string_view s);

// `s` with every byte that is not part of a well-formed sequence replaced by
// U+FFFD: safe to put in a message, a log line or a protobuf string.
std::string ToValidUtf8(absl::string_view s);

}  // namespace dora

#endif  // DORA_COMMON_UTF8_H_
