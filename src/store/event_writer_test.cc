#include "store/event_writer.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(EventWriterTest, CopyLineEscapesAndMarksNulls) {
  DeliveryEvent e;
  e.event_type = "deploy";
  e.service = "check\tout\\x";
  e.environment = "prod";
  e.occurred_at = absl::FromUnixSeconds(1780000000);
  e.success = true;
  e.source = "ci";
  e.payload = "{\"a\":\"line\nbreak\"}";
  EXPECT_EQ(CopyLine(e),
            "deploy\tcheck\\tout\\\\x\t\\N\tprod\t\\N\t\\N\t2026-05-28T20:26:40Z\tt\tf\tf\t\\N\tci\t"
            "\\N\t{\"a\":\"line\\nbreak\"}");
}

}  // namespace
}  // namespace dora
