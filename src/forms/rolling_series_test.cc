#include "forms/rolling_series.h"

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "forms/lead_samples.h"
#include "forms/lead_samples_testing.h"
#include "forms/percentile.h"
#include "forms/registry.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

using Row = std::vector<std::optional<std::string>>;

BoundQuery RollingLeadTime(absl::string_view text = "lead_time p50 by service every 1w rolling 90d") {
  QueryContext ctx;
  ctx.to = absl::FromUnixSeconds(1793491200);  // 2026-11-01 00:00 UTC
  ctx.from = ctx.to - absl::Hours(24 * 90);
  absl::StatusOr<BoundQuery> q = CompileQuery(text, ctx);
  EXPECT_TRUE(q.ok()) << q.status();
  return *q;
}

SqlResult LeadRows() {
  SqlResult r;
  r.columns = {"service", "piece_lead_us"};
  return r;
}

// A piece_lead_us part: the lead times `us` in piece `piece`.
std::string Part(int piece, const std::vector<int64_t>& us) {
  return absl::StrCat("#", piece, ":", testing::LeadText(us));
}

// Enough groups and bytes that they are shaped on several threads (where
// the machine has the cores): every window's value is percentile_cont over
// its pieces' lead times, computed here one window at a time, and the rows
// come in the groups' order.
TEST(SeriesFromPiecesTest, LargeResultsEqualEachWindowsOwnPercentile) {
  const BoundQuery q = RollingLeadTime();
  const RollingLayout layout = RollingWindowLayout(q);
  const int pieces = static_cast<int>(layout.edges.size()) + 1;
  std::mt19937_64 rng(20261203);
  SqlResult rows = LeadRows();
  std::map<std::string, std::map<int, std::vector<int64_t>>> by_group;  // service -> piece -> us
  for (int g = 0; g < 60; ++g) {
    const std::string service = absl::StrFormat("svc-%03d", g);
    std::string cell;
    // Pieces from last to first, each in two parts (as two days of a piece come).
    for (int p = pieces - 2; p >= 1; --p) {
      if ((g + p) % 7 == 0) continue;  // some pieces without deploys
      std::vector<int64_t>& us = by_group[service][p];
      const int count = 2 + static_cast<int>(rng() % 400);
      for (int i = 0; i < count; ++i) {
        // Whole seconds mostly, some microseconds, a few skewed (negative).
        const int64_t s = static_cast<int64_t>(rng() % (20 * 86400)) - 600;
        us.push_back(i % 5 == 0 ? s * 1000000 + static_cast<int64_t>(rng() % 1000000) : s * 1000000);
      }
      const auto half = us.begin() + static_cast<std::ptrdiff_t>(us.size() / 2);
      cell += Part(p, {half, us.end()}) + Part(p, {us.begin(), half});
    }
    rows.rows.push_back({service, cell});
  }
  absl::StatusOr<SqlResult> out = SeriesFromPieces(rows, q);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->rows.size(), by_group.size() * layout.windows.size());
  const int64_t tolerance_us = absl::ToInt64Microseconds(q.policy.skew_tolerance);
  size_t r = 0;
  for (const auto& [service, group] : by_group) {
    for (const RollingWindow& w : layout.windows) {
      std::vector<double> samples;
      int64_t skewed = 0;
      for (const auto& [p, us] : group) {
        if (p < w.lo || p >= w.hi) continue;
        for (int64_t v : us) {
          if (v < -tolerance_us) {
            ++skewed;
          } else {
            samples.push_back(LeadSeconds(v));
          }
        }
      }
      const int64_t n = static_cast<int64_t>(samples.size());
      const std::optional<double> value = PercentileCont(&samples, 0.5);
      const Row& row = out->rows[r++];
      ASSERT_EQ(row[0], service);
      EXPECT_EQ(row[1], absl::StrCat(w.time));
      EXPECT_EQ(row[2], value ? std::optional<std::string>(absl::StrFormat("%.17g", *value)) : std::nullopt)
          << service << " window at " << w.time;
      EXPECT_EQ(row[3], absl::StrCat(n));
      EXPECT_EQ(row[4], absl::StrCat(skewed));
    }
  }
}

// A cell out of format fails the statement with the first broken cell's
// error in row order, however the groups are split across threads.
TEST(SeriesFromPiecesTest, TheFirstBrokenCellInRowOrderIsTheError) {
  const BoundQuery q = RollingLeadTime();
  SqlResult rows = LeadRows();
  const std::string big = Part(3, std::vector<int64_t>(20000, 3600000000));
  for (int g = 0; g < 40; ++g) {
    std::string cell = big + big;
    if (g == 11) cell += "#4:AAAAAAAAAAAAAAAA.";  // the value has too many digits
    if (g == 30) cell += "#4:E";                  // the value has no end
    rows.rows.push_back({absl::StrFormat("svc-%03d", g), cell});
  }
  absl::StatusOr<SqlResult> out = SeriesFromPieces(rows, q);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message(),
            "engine error: unexpected database result: lead_us (value 1 is too long) in piece_lead_us part 3");
}

// Parts out of format name the part and what is wrong with it.
TEST(SeriesFromPiecesTest, PartsOutOfFormatAreNamed) {
  const BoundQuery q = RollingLeadTime();
  for (const auto& [cell, error] : std::vector<std::pair<std::string, std::string>>{
           {"3:E.", "piece_lead_us (part 1 does not start with '#')"},
           {"#3:E.#4E.", "piece_lead_us (part 2 has no ':' after its piece)"},
           {"#x:E.", "piece_lead_us (part 1 has no piece number)"},
           {"#3:E.#:E.", "piece_lead_us (part 2 has no piece number)"},
       }) {
    SqlResult rows = LeadRows();
    rows.rows.push_back({"a", cell});
    absl::StatusOr<SqlResult> out = SeriesFromPieces(rows, q);
    ASSERT_FALSE(out.ok()) << cell;
    EXPECT_EQ(out.status().message(), "engine error: unexpected database result: " + error) << cell;
  }
}

// An ungrouped series is one row, NULL without deploys: no series at all.
TEST(SeriesFromPiecesTest, AnUngroupedSeriesWithoutLeadTimesHasNoRows) {
  SqlResult none;
  none.columns = {"piece_lead_us"};
  none.rows.push_back({std::nullopt});
  absl::StatusOr<SqlResult> out = SeriesFromPieces(none, RollingLeadTime("lead_time p50 every 1w rolling 90d"));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->rows.empty());
}

}  // namespace
}  // namespace dora
