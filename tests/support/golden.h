// Golden files: expected outputs checked in under tests/ (compile cases,
// frame goldens, Arrow bytes). Running a test with DORA_UPDATE_GOLDENS=1
// rewrites them from the actual output instead of comparing; review the diff.
#ifndef DORA_TESTS_SUPPORT_GOLDEN_H_
#define DORA_TESTS_SUPPORT_GOLDEN_H_

#include <string>

namespace dora::testing {

// Whether DORA_UPDATE_GOLDENS is set.
bool UpdatingGoldens();

// The file's bytes, or "" when it cannot be read.
std::string ReadGoldenFile(const std::string& path);

// Writes `content` to `path` byte for byte.
void WriteGoldenFile(const std::string& path, const std::string& content);

// Rewrites `path` with `actual` when updating; otherwise a gtest failure
// unless the file holds exactly `actual`.
void ExpectMatchesGolden(const std::string& path, const std::string& actual);

}  // namespace dora::testing

#endif  // DORA_TESTS_SUPPORT_GOLDEN_H_
