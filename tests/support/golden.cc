#include "golden.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace dora::testing {

bool UpdatingGoldens() { return std::getenv("DORA_UPDATE_GOLDENS") != nullptr; }

std::string ReadGoldenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteGoldenFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

void ExpectMatchesGolden(const std::string& path, const std::string& actual) {
  if (UpdatingGoldens()) {
    WriteGoldenFile(path, actual);
    return;
  }
  EXPECT_EQ(actual, ReadGoldenFile(path)) << "run with DORA_UPDATE_GOLDENS=1 to update " << path;
}

}  // namespace dora::testing
