// Instants for test data: T("2026-03-29T01:30:00Z"). A malformed text fails
// the calling test.
#ifndef DORA_TESTS_SUPPORT_TEST_TIME_H_
#define DORA_TESTS_SUPPORT_TEST_TIME_H_

#include <string>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace dora::testing {

inline absl::Time T(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << rfc3339 << ": " << err;
  return t;
}

}  // namespace dora::testing

#endif  // DORA_TESTS_SUPPORT_TEST_TIME_H_
