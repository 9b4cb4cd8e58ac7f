#include "common/latency_histogram.h"

#include "absl/strings/str_cat.h"

namespace dora {

LatencyHistogram::LatencyHistogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)), bucket_counts_(upper_bounds_.size(), 0) {}

void LatencyHistogram::Observe(double seconds) {
  for (size_t i = 0; i < upper_bounds_.size(); ++i) {
    if (seconds <= upper_bounds_[i]) ++bucket_counts_[i];
  }
  ++count_;
  sum_ += seconds;
}

void LatencyHistogram::AppendPrometheus(std::string* out, const std::string& name, const std::string& help) const {
  absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name, " histogram\n");
  for (size_t i = 0; i < upper_bounds_.size(); ++i) {
    absl::StrAppend(out, name, "_bucket{le=\"", upper_bounds_[i], "\"} ", bucket_counts_[i], "\n");
  }
  absl::StrAppend(out, name, "_bucket{le=\"+Inf\"} ", count_, "\n", name, "_sum ", sum_, "\n", name, "_count ", count_,
                  "\n");
}

}  // namespace dora
