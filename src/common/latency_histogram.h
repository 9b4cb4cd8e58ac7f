// A Prometheus histogram of durations in seconds, rendered in the text
// exposition format.
#ifndef DORA_COMMON_LATENCY_HISTOGRAM_H_
#define DORA_COMMON_LATENCY_HISTOGRAM_H_

#include <cstdint>
#include <string>
#include <vector>

namespace dora {

// Not thread-safe: the owner guards it with its own mutex.
class LatencyHistogram {
 public:
  // `upper_bounds` in seconds, ascending; +Inf is implied.
  explicit LatencyHistogram(std::vector<double> upper_bounds);

  void Observe(double seconds);

  // Appends the HELP and TYPE lines, the cumulative buckets, _sum and _count.
  void AppendPrometheus(std::string* out, const std::string& name, const std::string& help) const;

 private:
  std::vector<double> upper_bounds_;
  std::vector<int64_t> bucket_counts_;  // observations <= upper_bounds_[i]
  int64_t count_ = 0;
  double sum_ = 0;
};

}  // namespace dora

#endif  // DORA_COMMON_LATENCY_HISTOGRAM_H_
