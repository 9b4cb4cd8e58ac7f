// A readable JSON rendering of a Frame, for golden files and debugging:
// {"name", "refId", "meta", "fields": [{"name", "type", "nullable", "labels",
// "config", "values"}]}. Times are RFC 3339 UTC strings with nanoseconds
// when present. Not a wire format.
#ifndef DORA_FRAME_FRAME_JSON_H_
#define DORA_FRAME_FRAME_JSON_H_

#include <string>
#include <vector>

#include "frame/frame.h"
#include "nlohmann/json.hpp"

namespace dora {

nlohmann::ordered_json FrameToReadableJson(const Frame& frame);

// Several frames as a JSON array, pretty-printed with a trailing newline.
std::string FramesToReadableText(const std::vector<Frame>& frames);

}  // namespace dora

#endif  // DORA_FRAME_FRAME_JSON_H_
