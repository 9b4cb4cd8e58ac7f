// Rendering a ResultTable for the CLI: aligned text, JSON or CSV.
#ifndef DORA_ENGINE_FORMAT_H_
#define DORA_ENGINE_FORMAT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/human_number.h"  // HumanDuration, for callers of the table format
#include "forms/result_table.h"

namespace dora {

enum class OutputFormat { kTable, kJson, kCsv };

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name);

// The table format prints float columns with unit "s" as durations and
// "percentunit" as percentages. JSON and CSV always carry raw numbers:
// seconds, 0..1 ratios, per-day rates, and times as RFC 3339 UTC strings.
// JSON is an array of row objects keyed by column name.
std::string FormatTable(const ResultTable& table, OutputFormat format);

}  // namespace dora

#endif  // DORA_ENGINE_FORMAT_H_
