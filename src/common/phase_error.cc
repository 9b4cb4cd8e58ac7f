#include "common/phase_error.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace dora {
namespace {
constexpr absl::string_view kPayloadUrl = "type.dora.dev/positioned-error";
// Payload layout: "<phase>\n<position>\n<length>\n<what>\n<detail>\n<suggestion>".
}  // namespace

absl::string_view PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kParse:
      return "parse";
    case Phase::kBind:
      return "bind";
    case Phase::kSql:
      return "sql";
    case Phase::kDatabase:
      return "database";
    case Phase::kEncode:
      return "encode";
    case Phase::kSettings:
      return "settings";
    case Phase::kQuery:
      return "query";
    case Phase::kPlugin:
      return "plugin";
    case Phase::kEngine:
      return "engine";
    case Phase::kSpool:
      return "spool";
    case Phase::kMigrate:
      return "migrate";
  }
  return "unknown";
}

absl::Status PhaseError(Phase phase, absl::StatusCode code, absl::string_view what) {
  const std::string prefix = absl::StrCat(PhaseName(phase), " error: ");
  if (absl::StartsWith(what, prefix)) return absl::Status(code, what);
  return absl::Status(code, absl::StrCat(prefix, what));
}

absl::Status SettingsFieldError(absl::string_view field, absl::string_view what) {
  return PhaseError(Phase::kSettings, absl::StatusCode::kInvalidArgument, absl::StrCat(field, ": ", what));
}

absl::Status WithCode(const absl::Status& status, absl::StatusCode code) {
  absl::Status out(code, status.message());
  status.ForEachPayload([&out](absl::string_view url, const absl::Cord& payload) { out.SetPayload(url, payload); });
  return out;
}

absl::Status MakePositionedError(const PositionedError& e, absl::StatusCode code) {
  std::string msg = absl::StrCat(PhaseName(e.phase), " error: ", e.what);
  if (e.position > 0) absl::StrAppend(&msg, " at ", e.position);
  if (!e.detail.empty()) absl::StrAppend(&msg, ", ", e.detail);
  if (!e.suggestion.empty()) {
    absl::StrAppend(&msg, " \xE2\x80\x94 did you mean '", e.suggestion, "'?");
  }
  absl::Status status(code, msg);
  status.SetPayload(kPayloadUrl, absl::Cord(absl::StrCat(static_cast<int>(e.phase), "\n", e.position, "\n", e.length,
                                                         "\n", e.what, "\n", e.detail, "\n", e.suggestion)));
  return status;
}

std::optional<PositionedError> GetPositionedError(const absl::Status& status) {
  auto payload = status.GetPayload(kPayloadUrl);
  if (!payload) return std::nullopt;
  std::vector<std::string> parts = absl::StrSplit(std::string(*payload), absl::MaxSplits('\n', 5));
  if (parts.size() != 6) return std::nullopt;
  PositionedError e;
  int phase = 0;
  if (!absl::SimpleAtoi(parts[0], &phase) || !absl::SimpleAtoi(parts[1], &e.position) ||
      !absl::SimpleAtoi(parts[2], &e.length)) {
    return std::nullopt;
  }
  e.phase = static_cast<Phase>(phase);
  e.what = parts[3];
  e.detail = parts[4];
  e.suggestion = parts[5];
  return e;
}

int EditDistance(absl::string_view a_in, absl::string_view b_in) {
  // Optimal string alignment distance: insert, delete, substitute, and swap
  // of two adjacent characters ("lead_tmie") each cost one edit.
  std::string a = absl::AsciiStrToLower(a_in);
  std::string b = absl::AsciiStrToLower(b_in);
  const size_t m = b.size();
  std::vector<int> two_back(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= m; ++j) {
      int subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], two_back[j - 2] + 1);
      }
    }
    two_back.swap(prev);
    prev.swap(cur);
  }
  return prev[m];
}

std::string SuggestNearest(absl::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  int best_distance = 1 << 30;
  for (const std::string& c : candidates) {
    int d = EditDistance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Plausible typo: at most a third of the longer word, and at least one edit allowed.
  int limit = std::max<int>(1, static_cast<int>(std::max(name.size(), best.size())) / 3);
  if (best.empty() || best_distance == 0 || best_distance > limit) return "";
  return best;
}

}  // namespace dora
