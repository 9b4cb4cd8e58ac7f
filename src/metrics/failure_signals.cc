#include "metrics/failure_signals.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace dora {
namespace {

constexpr char kReference[] = "reference";
constexpr char kDora2024[] = "dora-2024";

FailureSignals AllAttributed() { return FailureSignals{true, true, true, true, true}; }

std::vector<std::string> SignalWords(const FailureSignals& s) {
  std::vector<std::string> words;
  if (s.failed) words.push_back("failed");
  if (s.rollback) words.push_back("rollback");
  if (s.incident) words.push_back("incident");
  if (s.hotfix) words.push_back("hotfix");
  return words;
}

}  // namespace

std::vector<std::string> FailureSignalPresets() { return {kReference, kDora2024}; }

std::vector<std::string> FailureSignalWords() { return SignalWords(AllAttributed()); }

absl::StatusOr<FailureSignals> ParseFailureSignals(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (lower == kReference) return FailureSignals{};
  if (lower == kDora2024) return AllAttributed();
  FailureSignals s{true, false, false, false, false};
  for (absl::string_view word : absl::StrSplit(lower, ',', absl::SkipWhitespace())) {
    word = absl::StripAsciiWhitespace(word);
    bool* flag = word == "failed"     ? &s.failed
                 : word == "rollback" ? &s.rollback
                 : word == "incident" ? &s.incident
                 : word == "hotfix"   ? &s.hotfix
                                      : nullptr;
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown failure signal '", word,
                       "'; expected reference, dora-2024, or a list of failed, rollback, incident, hotfix"));
    }
    *flag = true;
  }
  if (SignalWords(s).empty()) {
    return absl::InvalidArgumentError(
        "no failure signals given; expected reference, dora-2024, or a list of failed, rollback, incident, hotfix");
  }
  return s;
}

std::string FailureSignalsName(const FailureSignals& signals) {
  if (!signals.attributed) return kReference;
  if (signals == AllAttributed()) return kDora2024;
  return absl::StrJoin(SignalWords(signals), ",");
}

std::string DescribeFailureSignals(const FailureSignals& signals) {
  if (!signals.attributed) return "failed deploys and rollback deploys (reference)";
  return absl::StrCat(absl::StrJoin(SignalWords(signals), ", "), ", each counted against the deploy that caused it (",
                      FailureSignalsName(signals), ")");
}

}  // namespace dora
