#include "engine/report.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "metrics/bands.h"

namespace dora {
namespace {

struct ReportColumn {
  std::string query;     // engine query, grouped by service
  std::string value_as;  // output column for `value`
  std::string band_as;   // output column for `band`, or empty
};

const std::vector<ReportColumn>& ReportColumns() {
  static const auto* cols = new std::vector<ReportColumn>{
      {"deploys by service", "deploys", ""},
      {"deploy_frequency by service", "deploy_frequency", "deploy_frequency_band"},
      {"lead_time p50 by service", "lead_time_p50", "lead_time_band"},
      {"lead_time p90 by service", "lead_time_p90", ""},
      {"change_failure_rate by service", "change_failure_rate", "change_failure_rate_band"},
      {"recovery_time p50 by service", "recovery_time_p50", "recovery_time_band"},
      {"incidents by service", "incidents", ""},
      {"rework_rate by service", "rework_rate", ""},
  };
  return *cols;
}

}  // namespace

absl::StatusOr<Report> BuildServiceReport(const QueryEngine& engine, const QueryContext& context) {
  Report report;
  ResultTable& t = report.table;
  t.columns.push_back({"service", ColumnType::kString});
  std::map<std::string, std::vector<Cell>> by_service;
  // Columns of counts and rates: a service the query did not return for had
  // nothing happen, which is 0 (and its band), the value the engine gives a
  // service it did return with nothing counted. One rule for every row.
  struct ZeroFilled {
    size_t value_pos;
    std::optional<size_t> band_pos;
    Cell zero;
    Cell zero_band;
  };
  std::vector<ZeroFilled> zero_filled;

  for (const ReportColumn& rc : ReportColumns()) {
    DORA_ASSIGN_OR_RETURN(QueryResult r, engine.Run(rc.query, context));
    report.queries.push_back(r.query.normalized_text);
    for (const Notice& n : r.notices) report.notices.push_back(absl::StrCat(rc.query, ": ", n.text));
    // Each report query groups by service alone: its one dimension.
    const int svc = r.table.ColumnWithRole(ColumnRole::kDimension);
    const int val = r.table.ColumnWithRole(ColumnRole::kValue);
    const int band = r.table.ColumnWithRole(ColumnRole::kBand);
    const size_t value_pos = t.columns.size();
    t.columns.push_back({rc.value_as, r.table.columns[val].type, r.table.columns[val].unit});
    if (!rc.band_as.empty()) t.columns.push_back({rc.band_as, ColumnType::kString});
    const MetricDef& metric = *r.query.metric;
    if (metric.value_kind == ValueKind::kCount || metric.value_kind == ValueKind::kPerDay) {
      ZeroFilled z{value_pos, std::nullopt, metric.value_kind == ValueKind::kCount ? Cell(int64_t{0}) : Cell(0.0),
                   Cell()};
      if (!rc.band_as.empty()) {
        z.band_pos = value_pos + 1;
        auto b = Classify(*r.query.band_profile, metric.kind, 0.0);
        if (b) z.zero_band = std::string(BandName(*b));
      }
      zero_filled.push_back(std::move(z));
    }
    for (const auto& row : r.table.rows) {
      std::string service = IsNull(row[svc]) ? "" : std::get<std::string>(row[svc]);
      auto& out = by_service[service];
      if (out.empty()) out.push_back(service);
      out.resize(t.columns.size());
      out[value_pos] = row[val];
      if (!rc.band_as.empty() && band >= 0) out[value_pos + 1] = row[band];
    }
  }
  for (auto& [service, row] : by_service) {
    row.resize(t.columns.size());
    for (const ZeroFilled& z : zero_filled) {
      if (!IsNull(row[z.value_pos])) continue;
      row[z.value_pos] = z.zero;
      if (z.band_pos) row[*z.band_pos] = z.zero_band;
    }
    t.rows.push_back(std::move(row));
  }
  return report;
}

}  // namespace dora
