// Test helper: an IncomingRequest from a fixture file in tests/fixtures/webhooks.
#ifndef DORA_INGEST_FIXTURE_H_
#define DORA_INGEST_FIXTURE_H_

#include <fstream>
#include <sstream>
#include <string>

#include "ingest/normalize.h"

namespace dora {

inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(DORA_INGEST_FIXTURES) + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline IncomingRequest FixtureRequest(const std::string& name, std::map<std::string, std::string> headers = {}) {
  return IncomingRequest{std::move(headers), ReadFixture(name), absl::FromUnixSeconds(1780920000)};
}

}  // namespace dora

#endif  // DORA_INGEST_FIXTURE_H_
