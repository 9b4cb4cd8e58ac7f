#include "frame/arrow_writer.h"

#include <cstring>

#include "arrow_format_generated.h"
#include "common/utf8.h"
#include "frame/frame_json.h"
#include "golden.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

namespace fb = org::apache::arrow::flatbuf;

// The golden frames: every type, nulls, labels, config and meta, and no rows.
std::vector<std::pair<std::string, Frame>> GoldenFrames() {
  std::vector<std::pair<std::string, Frame>> out;
  Frame all;
  all.name = "all_types";
  all.ref_id = "A";
  all.fields.push_back(TimeField("time", {1767225600000000000, 1767312000123456789, 1767398400000000000}));
  all.fields.push_back(FloatField("value", {1.5, std::nullopt, -0.25}));
  all.fields.push_back(IntField("n", {12, 0, -3}));
  all.fields.push_back(
      StringField("service", {std::string("checkout"), std::nullopt, std::string("caf\xC3\xA9 \xE2\x80\x94 a'b")}));
  all.fields.push_back(BoolField("ok", {true, std::nullopt, false}, /*nullable=*/true));
  out.emplace_back("all_types", all);

  Frame no_nulls;
  no_nulls.ref_id = "B";
  no_nulls.fields.push_back(IntField("count", {1, 2, 3, 4, 5, 6, 7, 8, 9}));
  no_nulls.fields.push_back(BoolField("flag", {true, false, true, true, false, false, true, false, true}));
  no_nulls.fields.push_back(StringField("s", {"", "a", "bb", "", "ccc", "d", "", "e", "ff"}, /*nullable=*/false));
  out.emplace_back("no_nulls", no_nulls);

  Frame meta;
  meta.name = "lead_time p90 by service";
  meta.ref_id = "C";
  FrameMeta m;
  m.type = FrameType::kNumericLong;
  m.type_version[1] = 1;
  m.executed_query_string = "SELECT 1\n-- $1 = 'x'";
  m.notices.push_back({NoticeSeverity::kWarning, "2 deploys excluded from lead time (clock skew)"});
  m.notices.push_back({NoticeSeverity::kInfo, "1 groups have fewer than 5 samples"});
  meta.meta = m;
  Field value = FloatField("value", {7200.0, std::nullopt});
  value.labels = std::map<std::string, std::string>{{"service", "api"}, {"team", "payments"}};
  FieldConfig c;
  c.display_name_from_ds = "lead time p90";
  c.unit = "s";
  c.value_mappings.push_back({"Elite", "Elite", "green", 0});
  value.config = c;
  meta.fields.push_back(StringField("service", {std::string("api"), std::string("web")}));
  meta.fields.push_back(value);
  out.emplace_back("meta_labels_config", meta);

  Frame empty;
  empty.ref_id = "D";
  empty.fields.push_back(TimeField("time", {}));
  empty.fields.push_back(FloatField("value", {}));
  out.emplace_back("no_rows", empty);

  Frame no_fields;
  no_fields.ref_id = "E";
  out.emplace_back("no_fields", no_fields);
  return out;
}

TEST(ArrowWriterTest, GoldenBytes) {
  for (const auto& [name, frame] : GoldenFrames()) {
    SCOPED_TRACE(name);
    auto bytes = EncodeArrowFile(frame);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    const std::string base = std::string(DORA_FRAME_GOLDEN_DIR) + "/" + name;
    const std::string readable = FramesToReadableText({frame});
    testing::ExpectMatchesGolden(base + ".arrow", *bytes);
    testing::ExpectMatchesGolden(base + ".json", readable);
  }
}

TEST(ArrowWriterTest, FileStructureIsSelfConsistent) {
  for (const auto& [name, frame] : GoldenFrames()) {
    SCOPED_TRACE(name);
    std::string bytes = *EncodeArrowFile(frame);
    ASSERT_GE(bytes.size(), 24u);
    EXPECT_EQ(bytes.substr(0, 8), std::string("ARROW1\0\0", 8));
    EXPECT_EQ(bytes.substr(bytes.size() - 6), "ARROW1");
    int32_t footer_len = 0;
    std::memcpy(&footer_len, bytes.data() + bytes.size() - 10, 4);
    const uint8_t* footer_ptr = reinterpret_cast<const uint8_t*>(bytes.data() + bytes.size() - 10 - footer_len);
    flatbuffers::Verifier verifier(footer_ptr, footer_len);
    ASSERT_TRUE(fb::VerifyFooterBuffer(verifier));
    const fb::Footer* footer = fb::GetFooter(footer_ptr);
    EXPECT_EQ(footer->version(), fb::MetadataVersion_V5);
    ASSERT_EQ(footer->recordBatches()->size(), 1u);
    const fb::Block* block = footer->recordBatches()->Get(0);
    EXPECT_EQ(block->offset() % 8, 0);
    EXPECT_EQ(block->metaDataLength() % 8, 0);
    uint32_t marker = 0;
    std::memcpy(&marker, bytes.data() + block->offset(), 4);
    EXPECT_EQ(marker, 0xFFFFFFFFu);
    const uint8_t* msg_ptr = reinterpret_cast<const uint8_t*>(bytes.data() + block->offset() + 8);
    flatbuffers::Verifier msg_verifier(msg_ptr, block->metaDataLength() - 8);
    ASSERT_TRUE(msg_verifier.VerifyBuffer<fb::Message>(nullptr));
    const fb::Message* msg = flatbuffers::GetRoot<fb::Message>(msg_ptr);
    ASSERT_EQ(msg->header_type(), fb::MessageHeader_RecordBatch);
    const fb::RecordBatch* batch = msg->header_as_RecordBatch();
    EXPECT_EQ(batch->length(), static_cast<int64_t>(frame.rows()));
    EXPECT_EQ(msg->bodyLength(), block->bodyLength());
    for (const fb::Buffer* b : *batch->buffers()) {
      EXPECT_EQ(b->offset() % 8, 0);
      EXPECT_LE(b->offset() + b->length(), msg->bodyLength());
    }
    EXPECT_EQ(footer->schema()->fields()->size(), frame.fields.size());
  }
}

TEST(ArrowWriterTest, RejectsInconsistentFrames) {
  Frame f;
  f.fields.push_back(IntField("a", {1, 2}));
  f.fields.push_back(IntField("b", {1}));
  EXPECT_EQ(EncodeArrowFile(f).status().message(), "encode error: field 'b' has 1 values, the first field has 2");
  Frame nulls;
  nulls.fields.push_back(IntField("a", {1, std::nullopt}));
  EXPECT_EQ(EncodeArrowFile(nulls).status().message(), "encode error: field 'a' is not nullable but holds nulls");
  Frame utf8;
  utf8.fields.push_back(StringField("s", {std::string("ok"), std::string("\xC3\x28")}));
  EXPECT_EQ(EncodeArrowFile(utf8).status().message(), "encode error: field 's' row 1 is not valid UTF-8");
  Frame mismatch;
  Field wrong = FloatField("x", {1.0});
  wrong.type = FieldType::kString;
  mismatch.fields.push_back(wrong);
  EXPECT_FALSE(EncodeArrowFile(mismatch).ok());
}

// A SQL_ASCII database can return any bytes as a group name: labels, names
// and display settings are checked like values, and the error itself is
// valid UTF-8 (it travels in a protobuf string).
TEST(ArrowWriterTest, RejectsInvalidUtf8OutsideTheValuesWithoutThrowing) {
  Frame label;
  Field v = FloatField("value", {1.0});
  v.labels = std::map<std::string, std::string>{{"service", "caf\xE9"}};
  label.fields.push_back(v);
  auto r = EncodeArrowFile(label);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "encode error: field 'value' label 'service' is not valid UTF-8");
  Frame name;
  name.fields.push_back(FloatField("caf\xE9", {1.0}));
  r = EncodeArrowFile(name);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "encode error: field 'caf\xEF\xBF\xBD' has a name that is not valid UTF-8");
  Frame config;
  Field c = FloatField("value", {1.0});
  c.config = FieldConfig{};
  c.config->display_name_from_ds = "caf\xE9";
  config.fields.push_back(c);
  EXPECT_FALSE(EncodeArrowFile(config).ok());
}

TEST(ArrowWriterTest, ToValidUtf8ReplacesOnlyBrokenBytes) {
  EXPECT_EQ(ToValidUtf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(ToValidUtf8("a\xE9"
                        "b\xF0\x9F\x98"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace dora
