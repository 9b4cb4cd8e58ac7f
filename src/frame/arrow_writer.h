// Encodes a Frame as one Arrow IPC *file* (the format Grafana's SDK reads):
// "ARROW1" magic, the schema message, one record batch, the end-of-stream
// marker, the footer and the closing magic. Metadata version V5, little
// endian, 8-byte aligned buffers, no compression, no dictionaries.
//
// Schema metadata: `name`, `refId`, and `meta` (FrameMeta JSON) when set.
// Field metadata: `tstype` always; `labels` and `config` when set.
// Types: time -> Timestamp(ns, no zone); float64 -> Float64; int64 -> Int64;
// string -> Utf8; bool -> Boolean. Nullable fields carry validity bitmaps.
#ifndef DORA_FRAME_ARROW_WRITER_H_
#define DORA_FRAME_ARROW_WRITER_H_

#include <string>

#include "absl/status/statusor.h"
#include "frame/frame.h"

namespace dora {

// Errors (InvalidArgument, "encode error: ...") for fields of unequal length,
// nulls in a non-nullable field, values that do not match the field type, and
// strings that are not valid UTF-8.
absl::StatusOr<std::string> EncodeArrowFile(const Frame& frame);

// Checks the constraints above without encoding.
absl::Status ValidateFrame(const Frame& frame);

}  // namespace dora

#endif  // DORA_FRAME_ARROW_WRITER_H_
