#include "engine/format.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/human_number.h"
#include "common/time_spec.h"
#include "nlohmann/json.hpp"

namespace dora {
namespace {

std::string HumanCell(const Cell& c, Unit unit) {
  if (IsNull(c)) return "-";
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* t = std::get_if<absl::Time>(&c)) return FormatRfc3339Utc(*t);
  if (const auto* i = std::get_if<int64_t>(&c)) return absl::StrCat(*i);
  double d = std::get<double>(c);
  if (unit == Unit::kSeconds) return HumanDuration(d);
  if (unit == Unit::kPercentUnit) return absl::StrCat(HumanNumber(d * 100), "%");
  return HumanNumber(d);
}

nlohmann::ordered_json JsonCell(const Cell& c) {
  if (IsNull(c)) return nullptr;
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* t = std::get_if<absl::Time>(&c)) return FormatRfc3339Utc(*t);
  if (const auto* i = std::get_if<int64_t>(&c)) return *i;
  return std::get<double>(c);
}

std::string CsvField(const Cell& c) {
  if (IsNull(c)) return "";
  std::string s;
  if (const auto* str = std::get_if<std::string>(&c)) {
    s = *str;
  } else if (const auto* t = std::get_if<absl::Time>(&c)) {
    s = FormatRfc3339Utc(*t);
  } else if (const auto* i = std::get_if<int64_t>(&c)) {
    s = absl::StrCat(*i);
  } else {
    s = absl::StrFormat("%.17g", std::get<double>(c));
  }
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  return absl::StrCat("\"", absl::StrReplaceAll(s, {{"\"", "\"\""}}), "\"");
}

}  // namespace

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "json") return OutputFormat::kJson;
  if (name == "csv") return OutputFormat::kCsv;
  return absl::InvalidArgumentError(absl::StrCat("unknown format '", name, "': expected table, json or csv"));
}

std::string FormatTable(const ResultTable& table, OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson: {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& row : table.rows) {
        nlohmann::ordered_json obj = nlohmann::ordered_json::object();
        for (size_t i = 0; i < table.columns.size(); ++i) obj[table.columns[i].name] = JsonCell(row[i]);
        out.push_back(std::move(obj));
      }
      return out.dump(2) + "\n";
    }
    case OutputFormat::kCsv: {
      std::vector<std::string> lines;
      std::vector<std::string> header;
      for (const ColumnSpec& c : table.columns) header.push_back(c.name);
      lines.push_back(absl::StrJoin(header, ","));
      for (const auto& row : table.rows) {
        std::vector<std::string> fields;
        for (const Cell& c : row) fields.push_back(CsvField(c));
        lines.push_back(absl::StrJoin(fields, ","));
      }
      return absl::StrJoin(lines, "\n") + "\n";
    }
    case OutputFormat::kTable: {
      std::vector<std::vector<std::string>> cells;
      std::vector<size_t> width;
      for (const ColumnSpec& c : table.columns) width.push_back(c.name.size());
      for (const auto& row : table.rows) {
        std::vector<std::string> line;
        for (size_t i = 0; i < row.size(); ++i) {
          line.push_back(HumanCell(row[i], table.columns[i].unit));
          width[i] = std::max(width[i], line.back().size());
        }
        cells.push_back(std::move(line));
      }
      auto render = [&](const std::vector<std::string>& line) {
        std::string s;
        for (size_t i = 0; i < line.size(); ++i) {
          absl::StrAppend(&s, i ? "  " : "", line[i], std::string(width[i] - line[i].size(), ' '));
        }
        while (!s.empty() && s.back() == ' ') s.pop_back();
        return s + "\n";
      };
      std::vector<std::string> header;
      for (const ColumnSpec& c : table.columns) header.push_back(c.name);
      std::string out = render(header);
      for (const auto& line : cells) out += render(line);
      return out;
    }
  }
  return "";
}

}  // namespace dora
