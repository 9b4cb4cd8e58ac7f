// For tests only: lead_us cells written from the format's description in
// forms/lead_samples.h (the database writes them with dora_lead_text;
// lead_samples_test checks this writer against the database's output).
#ifndef DORA_FORMS_LEAD_SAMPLES_TESTING_H_
#define DORA_FORMS_LEAD_SAMPLES_TESTING_H_

#include <cstdint>
#include <string>
#include <vector>

namespace dora::testing {

// One value: whole seconds when `us` is a multiple of 1,000,000.
inline std::string LeadText(int64_t us) {
  static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const bool seconds = us % 1000000 == 0;
  const uint64_t bits = static_cast<uint64_t>(seconds ? us / 1000000 : us);
  std::string out;
  // 66 bits, the value's 64 and two zero bits, six at a time from the top.
  for (int i = 0; i < 11; ++i) {
    const int low = 58 - 6 * i;  // the value bit at the digit's lowest (negative: the zero bits)
    const uint64_t digit = low >= 0 ? (bits >> low) & 63 : (bits << -low) & 63;
    if (out.empty() && digit == 0) continue;
    out.push_back(kDigits[digit]);
  }
  return out + (seconds ? "." : ",");
}

// A cell of the values, in order.
inline std::string LeadText(const std::vector<int64_t>& us) {
  std::string out;
  for (int64_t v : us) out += LeadText(v);
  return out;
}

// `count` copies of `seconds`.
inline std::string RepeatedLeadText(int count, int64_t seconds) {
  return LeadText(std::vector<int64_t>(static_cast<size_t>(count), seconds * 1000000));
}

}  // namespace dora::testing

#endif  // DORA_FORMS_LEAD_SAMPLES_TESTING_H_
