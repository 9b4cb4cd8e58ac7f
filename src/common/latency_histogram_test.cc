#include "common/latency_histogram.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(LatencyHistogramTest, CumulativeBucketsSumAndCount) {
  LatencyHistogram h({0.01, 0.1});
  h.Observe(0.005);
  h.Observe(0.05);
  h.Observe(2);
  std::string out;
  h.AppendPrometheus(&out, "x_seconds", "Time to do x.");
  EXPECT_EQ(out,
            "# HELP x_seconds Time to do x.\n# TYPE x_seconds histogram\n"
            "x_seconds_bucket{le=\"0.01\"} 1\nx_seconds_bucket{le=\"0.1\"} 2\n"
            "x_seconds_bucket{le=\"+Inf\"} 3\nx_seconds_sum 2.055\nx_seconds_count 3\n");
}

}  // namespace
}  // namespace dora
