#include "frame/arrow_writer.h"

#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "arrow_format_generated.h"
#include "common/phase_error.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "nlohmann/json.hpp"

namespace dora {
namespace {

namespace fb = org::apache::arrow::flatbuf;
using Builder = flatbuffers::FlatBufferBuilder;

constexpr char kMagic[] = "ARROW1";
constexpr uint32_t kContinuation = 0xFFFFFFFFu;

size_t Align8(size_t n) { return (n + 7) & ~size_t{7}; }

void AppendU32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), 4); }

const char* TsType(FieldType t) {
  switch (t) {
    case FieldType::kTime:
      return "time";
    case FieldType::kFloat64:
    case FieldType::kInt64:
      return "number";
    case FieldType::kString:
      return "string";
    case FieldType::kBool:
      return "boolean";
  }
  return "other";
}

template <typename T>
bool HoldsFor(const Field& f) {
  return std::holds_alternative<T>(f.values);
}

bool TypeMatches(const Field& f) {
  switch (f.type) {
    case FieldType::kTime:
    case FieldType::kInt64:
      return HoldsFor<IntValues>(f);
    case FieldType::kFloat64:
      return HoldsFor<FloatValues>(f);
    case FieldType::kString:
      return HoldsFor<StringValues>(f);
    case FieldType::kBool:
      return HoldsFor<BoolValues>(f);
  }
  return false;
}

template <typename V>
int64_t CountNulls(const V& values) {
  int64_t n = 0;
  for (const auto& v : values) n += !v.has_value();
  return n;
}

int64_t NullCount(const Field& f) {
  return std::visit([](const auto& v) { return CountNulls(v); }, f.values);
}

// Nested objects are created one statement at a time: the order of function
// arguments' evaluation is unspecified (GCC and clang differ), and the order
// of creation decides the bytes. The order below is the one the golden files
// were written with.
flatbuffers::Offset<fb::KeyValue> Kv(Builder& b, const std::string& k, const std::string& v) {
  auto value = b.CreateString(v);
  auto key = b.CreateString(k);
  return fb::CreateKeyValue(b, key, value);
}

flatbuffers::Offset<fb::Field> BuildField(Builder& b, const Field& f) {
  auto name = b.CreateString(f.name);
  flatbuffers::Offset<void> type;
  fb::Type type_type = fb::Type_NONE;
  switch (f.type) {
    case FieldType::kTime:
      type = fb::CreateTimestamp(b, fb::TimeUnit_NANOSECOND).Union();
      type_type = fb::Type_Timestamp;
      break;
    case FieldType::kFloat64:
      type = fb::CreateFloatingPoint(b, fb::Precision_DOUBLE).Union();
      type_type = fb::Type_FloatingPoint;
      break;
    case FieldType::kInt64:
      type = fb::CreateInt(b, 64, true).Union();
      type_type = fb::Type_Int;
      break;
    case FieldType::kString:
      type = fb::CreateUtf8(b).Union();
      type_type = fb::Type_Utf8;
      break;
    case FieldType::kBool:
      type = fb::CreateBool(b).Union();
      type_type = fb::Type_Bool;
      break;
  }
  std::vector<flatbuffers::Offset<fb::KeyValue>> md;
  md.push_back(Kv(b, "tstype", TsType(f.type)));
  if (f.labels) md.push_back(Kv(b, "labels", nlohmann::json(*f.labels).dump()));
  if (f.config) md.push_back(Kv(b, "config", FieldConfigToJson(*f.config).dump()));
  auto children = b.CreateVector(std::vector<flatbuffers::Offset<fb::Field>>{});
  auto metadata = b.CreateVector(md);
  return fb::CreateField(b, name, f.nullable, type_type, type, 0, children, metadata);
}

flatbuffers::Offset<fb::Schema> BuildSchema(Builder& b, const Frame& frame) {
  std::vector<flatbuffers::Offset<fb::Field>> fields;
  for (const Field& f : frame.fields) fields.push_back(BuildField(b, f));
  std::vector<flatbuffers::Offset<fb::KeyValue>> md;
  md.push_back(Kv(b, "name", frame.name));
  md.push_back(Kv(b, "refId", frame.ref_id));
  if (frame.meta) md.push_back(Kv(b, "meta", FrameMetaToJson(*frame.meta).dump()));
  auto metadata = b.CreateVector(md);
  auto field_vector = b.CreateVector(fields);
  return fb::CreateSchema(b, fb::Endianness_Little, field_vector, metadata);
}

// Appends an encapsulated message (continuation, length, metadata, padding);
// returns the bytes written, which is the Block's metaDataLength.
int32_t AppendMessage(std::string* out, const Builder& b) {
  size_t padded = Align8(b.GetSize());
  AppendU32(out, kContinuation);
  AppendU32(out, static_cast<uint32_t>(padded));
  out->append(reinterpret_cast<const char*>(b.GetBufferPointer()), b.GetSize());
  out->append(padded - b.GetSize(), '\0');
  return static_cast<int32_t>(8 + padded);
}

class BodyWriter {
 public:
  void Add(const void* data, size_t len) {
    size_t offset = bytes_.size();
    if (len > 0) bytes_.append(static_cast<const char*>(data), len);
    bytes_.append(Align8(len) - len, '\0');
    buffers_.emplace_back(static_cast<int64_t>(offset), static_cast<int64_t>(len));
  }

  template <typename V>
  void Validity(const V& values, int64_t nulls) {
    if (nulls == 0) return Add(nullptr, 0);
    std::string bits((values.size() + 7) / 8, '\0');
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i]) bits[i / 8] |= static_cast<char>(1 << (i % 8));
    }
    Add(bits.data(), bits.size());
  }

  void Column(const Field& f, int64_t nulls) {
    nodes_.emplace_back(static_cast<int64_t>(f.size()), nulls);
    std::visit([&](const auto& values) { Values(values, nulls); }, f.values);
  }

  const std::string& bytes() const { return bytes_; }
  const std::vector<fb::Buffer>& buffers() const { return buffers_; }
  const std::vector<fb::FieldNode>& nodes() const { return nodes_; }

 private:
  template <typename T>
  void Fixed(const std::vector<std::optional<T>>& values, int64_t nulls) {
    Validity(values, nulls);
    std::vector<T> raw(values.size(), T{});
    for (size_t i = 0; i < values.size(); ++i) raw[i] = values[i].value_or(T{});
    Add(raw.data(), raw.size() * sizeof(T));
  }
  void Values(const IntValues& v, int64_t nulls) { Fixed(v, nulls); }
  void Values(const FloatValues& v, int64_t nulls) { Fixed(v, nulls); }
  void Values(const StringValues& v, int64_t nulls) {
    Validity(v, nulls);
    std::vector<int32_t> offsets(v.size() + 1, 0);
    std::string data;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i]) data += *v[i];
      offsets[i + 1] = static_cast<int32_t>(data.size());
    }
    Add(offsets.data(), offsets.size() * sizeof(int32_t));
    Add(data.data(), data.size());
  }
  void Values(const BoolValues& v, int64_t nulls) {
    Validity(v, nulls);
    std::string bits((v.size() + 7) / 8, '\0');
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i].value_or(false)) bits[i / 8] |= static_cast<char>(1 << (i % 8));
    }
    Add(bits.data(), bits.size());
  }

  std::string bytes_;
  std::vector<fb::Buffer> buffers_;
  std::vector<fb::FieldNode> nodes_;
};

absl::Status EncodeError(const Field& f, absl::string_view what) {
  return PhaseError(Phase::kEncode, absl::StatusCode::kInvalidArgument,
                    absl::StrCat("field '", ToValidUtf8(f.name), "' ", what));
}

// Whether `j` serializes (nlohmann refuses strings that are not UTF-8).
template <typename Json>
bool Serializes(const Json& j) {
  try {
    (void)j.dump();
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

absl::Status ValidateFrame(const Frame& frame) {
  const size_t rows = frame.rows();
  // Names, labels and metadata are UTF-8 like the values (a SQL_ASCII
  // database can hand back anything).
  if (!IsValidUtf8(frame.name) || !IsValidUtf8(frame.ref_id)) {
    return PhaseError(Phase::kEncode, absl::StatusCode::kInvalidArgument, "the frame name is not valid UTF-8");
  }
  if (frame.meta && !Serializes(FrameMetaToJson(*frame.meta))) {
    return PhaseError(Phase::kEncode, absl::StatusCode::kInvalidArgument, "the frame's metadata is not valid UTF-8");
  }
  for (const Field& f : frame.fields) {
    if (!IsValidUtf8(f.name)) return EncodeError(f, "has a name that is not valid UTF-8");
    if (f.labels) {
      for (const auto& [key, value] : *f.labels) {
        if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
          return EncodeError(f, absl::StrCat("label '", ToValidUtf8(key), "' is not valid UTF-8"));
        }
      }
    }
    if (f.config && !Serializes(FieldConfigToJson(*f.config))) {
      return EncodeError(f, "has display settings that are not valid UTF-8");
    }
    if (!TypeMatches(f)) return EncodeError(f, "holds values of another type");
    if (f.size() != rows) {
      return EncodeError(f, absl::StrCat("has ", f.size(), " values, the first field has ", rows));
    }
    if (!f.nullable && NullCount(f) > 0) return EncodeError(f, "is not nullable but holds nulls");
    if (const auto* s = std::get_if<StringValues>(&f.values)) {
      size_t total = 0;
      for (size_t i = 0; i < s->size(); ++i) {
        if (!(*s)[i]) continue;
        total += (*s)[i]->size();
        if (!IsValidUtf8(*(*s)[i])) return EncodeError(f, absl::StrCat("row ", i, " is not valid UTF-8"));
      }
      if (total > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
        return EncodeError(f, "holds more than 2 GiB of text");
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> EncodeArrowFile(const Frame& frame) {
  DORA_RETURN_IF_ERROR(ValidateFrame(frame));
  std::string out(kMagic, 6);
  out.append(2, '\0');

  Builder schema_message;
  schema_message.Finish(fb::CreateMessage(schema_message, fb::MetadataVersion_V5, fb::MessageHeader_Schema,
                                          BuildSchema(schema_message, frame).Union(), 0));
  AppendMessage(&out, schema_message);

  BodyWriter body;
  for (const Field& f : frame.fields) body.Column(f, NullCount(f));
  Builder batch_message;
  auto buffers = batch_message.CreateVectorOfStructs(body.buffers());
  auto nodes = batch_message.CreateVectorOfStructs(body.nodes());
  auto batch = fb::CreateRecordBatch(batch_message, static_cast<int64_t>(frame.rows()), nodes, buffers);
  batch_message.Finish(fb::CreateMessage(batch_message, fb::MetadataVersion_V5, fb::MessageHeader_RecordBatch,
                                         batch.Union(), static_cast<int64_t>(body.bytes().size())));
  const int64_t batch_offset = static_cast<int64_t>(out.size());
  const int32_t batch_metadata = AppendMessage(&out, batch_message);
  out += body.bytes();

  AppendU32(&out, kContinuation);  // end-of-stream marker
  AppendU32(&out, 0);

  Builder footer;
  std::vector<fb::Block> blocks = {fb::Block(batch_offset, batch_metadata, static_cast<int64_t>(body.bytes().size()))};
  auto record_batches = footer.CreateVectorOfStructs(blocks);
  auto dictionaries = footer.CreateVectorOfStructs(std::vector<fb::Block>{});
  auto footer_schema = BuildSchema(footer, frame);
  footer.Finish(fb::CreateFooter(footer, fb::MetadataVersion_V5, footer_schema, dictionaries, record_batches));
  out.append(reinterpret_cast<const char*>(footer.GetBufferPointer()), footer.GetSize());
  AppendU32(&out, footer.GetSize());
  out.append(kMagic, 6);
  return out;
}

}  // namespace dora
