#include "command_support.h"

#include <algorithm>
#include <vector>

#include "common/phase_error.h"
#include "store/pg_store.h"

namespace dora {

absl::StatusOr<std::unique_ptr<Store>> OpenDatabase() {
  auto url = DatabaseUrlFromEnv();
  if (!url.ok()) return url.status();
  PgPoolOptions opts;
  opts.url = *url;
  opts.max_connections = 2;
  opts.statement_timeout = absl::Minutes(10);
  opts.application_name = "dora-cli";
  return std::make_unique<PgStore>(opts);
}

void PrintError(std::ostream& err, const std::string& command, const absl::Status& status,
                const std::string& query_text) {
  err << "dora " << command << ": " << status.message() << "\n";
  auto pos = GetPositionedError(status);
  if (!pos || pos->position <= 0 || query_text.empty()) return;
  // At most 80 characters of the query around the position (queries may be 64 KiB long).
  std::vector<size_t> starts;  // byte offset of each character
  for (size_t i = 0; i < query_text.size(); ++i) {
    if ((static_cast<unsigned char>(query_text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  const size_t chars = starts.size();
  const size_t at = std::min(static_cast<size_t>(pos->position - 1), chars);
  const size_t first = at > 40 ? at - 40 : 0;
  const size_t last = std::min(chars, first + 80);
  const size_t begin_byte = first < chars ? starts[first] : query_text.size();
  const size_t end_byte = last < chars ? starts[last] : query_text.size();
  const std::string lead = first > 0 ? "..." : "";
  err << "  " << lead << query_text.substr(begin_byte, end_byte - begin_byte) << (last < chars ? "..." : "") << "\n  "
      << std::string(lead.size() + at - first, ' ') << std::string(std::clamp(pos->length, 1, 80), '^') << "\n";
}

}  // namespace dora
