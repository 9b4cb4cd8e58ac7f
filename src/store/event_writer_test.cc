#include "store/event_writer.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(EventWriterTest, ArrayElementsQuoteEscapeAndMarkNulls) {
  std::string literal = "{";
  AppendPgArrayElement(&literal, std::string("check\tout\\x"));
  literal += ",";
  AppendPgArrayElement(&literal, std::nullopt);
  literal += ",";
  AppendPgArrayElement(&literal, std::string("{\"a\":\"NULL\"}"));
  literal += ",";
  AppendPgArrayElement(&literal, std::string("NULL"));
  literal += "}";
  EXPECT_EQ(literal, "{\"check\tout\\\\x\",NULL,\"{\\\"a\\\":\\\"NULL\\\"}\",\"NULL\"}");
}

}  // namespace
}  // namespace dora
