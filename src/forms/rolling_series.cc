#include "forms/rolling_series.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/parallel_chunks.h"
#include "common/status_macros.h"
#include "forms/lead_samples.h"
#include "forms/percentile.h"
#include "forms/shaping.h"

namespace dora {
namespace {

using Row = std::vector<std::optional<std::string>>;

// A window's value from its pieces' summed counts, as the metric's SQL
// computes it over the window's rows: a count, a count per calendar day of
// the window, or a ratio (none without rows in its denominator).
std::optional<double> CombinedValue(ValueKind kind, int64_t value_n, int64_t n, double days) {
  switch (kind) {
    case ValueKind::kPerDay:
      return static_cast<double>(value_n) / days;
    case ValueKind::kRatio:
      if (n == 0) return std::nullopt;
      return static_cast<double>(value_n) / static_cast<double>(n);
    default:
      return static_cast<double>(value_n);
  }
}

// One piece's part of a group: the n and skewed of a part of its
// piece_lead_us cell (its lead times go straight to the group's
// PieceSamples), the other samples as float8[] (with their n and skewed),
// counts as value_n; a group may have several parts of one piece.
struct Piece {
  int64_t index = 0, value_n = 0, n = 0, skewed = 0, unresolved = 0;
  std::vector<double> samples;
};

// Shapes groups (runs of rows with the same dimensions) into their series
// rows. One per thread: it reuses its buffers from group to group.
class GroupShaper {
 public:
  GroupShaper(const BoundQuery& q, const SqlColumns& cols, size_t dims, const RollingLayout& layout)
      : q_(q), cols_(cols), k_(dims), layout_(layout), sampled_(SampledMetric(q)), lead_times_(LeadTimesInEngine(q)) {}

  // Appends the series of rows [begin, end) (one group) to `out`: nothing
  // when none of its pieces is in a window.
  absl::Status Shape(const SqlResult& rows, size_t begin, size_t end, std::vector<Row>* out) {
    group_.clear();
    const size_t pieces = layout_.edges.size() + 1;
    // Lead times go straight into samples_ as they are read.
    if (lead_times_) samples_.Reset(pieces, PieceSamples::Kind::kLeadMicroseconds);
    for (size_t r = begin; r < end; ++r) {
      if (lead_times_) {
        DORA_RETURN_IF_ERROR(ReadLeadPieces(cols_.At(rows.rows[r], k_), pieces));
      } else {
        DORA_RETURN_IF_ERROR(ReadPiece(rows.rows[r], &group_.emplace_back()));
      }
    }
    if (sampled_) {
      if (!lead_times_) {
        samples_.Reset(pieces, PieceSamples::Kind::kFloat8);
        for (const Piece& p : group_) {
          if (p.index >= 0 && p.index < static_cast<int64_t>(pieces)) samples_.Add(p.index, p.samples);
        }
      }
      samples_.Sort();
    }
    std::vector<Row> series;
    bool in_some_window = false;
    for (const RollingWindow& w : layout_.windows) {
      int64_t value_n = 0, n = 0, skewed = 0, unresolved = 0;
      bool present = false;
      for (const Piece& p : group_) {
        if (p.index < w.lo || p.index >= w.hi) continue;
        present = true;
        value_n += p.value_n;
        n += p.n;
        skewed += p.skewed;
        unresolved += p.unresolved;
      }
      in_some_window |= present;
      std::optional<double> value;
      if (sampled_) {
        if (present) value = samples_.Percentile(w.lo, w.hi, q_.stat->fraction);
      } else if (present) {
        value = CombinedValue(q_.metric->value_kind, value_n, n, w.days);
      } else if (ZeroWithoutRows(*q_.metric)) {
        value = 0.0;
      }
      Row& row = series.emplace_back();
      for (size_t i = 0; i < k_; ++i) row.push_back(cols_.At(rows.rows[begin], i));
      row.push_back(absl::StrCat(w.time));
      row.push_back(value ? std::optional<std::string>(absl::StrFormat("%.17g", *value)) : std::nullopt);
      row.push_back(absl::StrCat(n));
      row.push_back(absl::StrCat(skewed));
      row.push_back(absl::StrCat(unresolved));
    }
    if (!in_some_window) return absl::OkStatus();
    for (Row& row : series) out->push_back(std::move(row));
    return absl::OkStatus();
  }

 private:
  // A row of piece, samples or value_n, n, skewed, unresolved.
  absl::Status ReadPiece(const Row& r, Piece* p) const {
    DORA_ASSIGN_OR_RETURN(p->index, IntCell(cols_.At(r, k_), "piece"));
    if (sampled_) {
      DORA_RETURN_IF_ERROR(AppendFloat8Array(cols_.At(r, k_ + 1), &p->samples));
    } else {
      DORA_ASSIGN_OR_RETURN(p->value_n, IntCell(cols_.At(r, k_ + 1), "value_n"));
    }
    DORA_ASSIGN_OR_RETURN(p->n, IntCell(cols_.At(r, k_ + 2), "n"));
    DORA_ASSIGN_OR_RETURN(p->skewed, IntCell(cols_.At(r, k_ + 3), "skewed"));
    DORA_ASSIGN_OR_RETURN(p->unresolved, IntCell(cols_.At(r, k_ + 4), "unresolved"));
    return absl::OkStatus();
  }

  // The parts of a piece_lead_us cell (RollingPartsSql), each a Piece
  // (its n and skewed) and its lead times added to samples_ (when its piece
  // is one of the layout's `pieces`): "#<piece>:<lead times>"
  // (forms/lead_samples.h), one per kept day or event, in no particular
  // order; NULL for none.
  absl::Status ReadLeadPieces(const std::optional<std::string>& cell, size_t pieces) {
    if (!cell) return absl::OkStatus();
    const absl::string_view text = *cell;
    size_t at = 0;
    for (int64_t part = 1; at < text.size(); ++part) {
      auto broken = [part](absl::string_view what) {
        return ShapeError(absl::StrCat("piece_lead_us (part ", part, " ", what, ")"));
      };
      if (text[at] != '#') return broken("does not start with '#'");
      const size_t colon = text.find(':', at + 1);
      if (colon == absl::string_view::npos) return broken("has no ':' after its piece");
      Piece& p = group_.emplace_back();
      if (!absl::SimpleAtoi(text.substr(at + 1, colon - at - 1), &p.index)) return broken("has no piece number");
      const size_t next = std::min(text.find('#', colon + 1), text.size());
      lead_scratch_.samples_us.clear();
      lead_scratch_.skewed = 0;
      if (absl::Status s = AppendLeadTimesFromText(text.substr(colon + 1, next - colon - 1), q_.policy.skew_tolerance,
                                                   &lead_scratch_);
          !s.ok()) {
        return absl::Status(s.code(), absl::StrCat(s.message(), " in piece_lead_us part ", part));
      }
      p.n = static_cast<int64_t>(lead_scratch_.samples_us.size());
      p.skewed = lead_scratch_.skewed;
      if (p.index >= 0 && p.index < static_cast<int64_t>(pieces)) samples_.Add(p.index, lead_scratch_.samples_us);
      at = next;
    }
    return absl::OkStatus();
  }

  const BoundQuery& q_;
  const SqlColumns& cols_;
  const size_t k_;
  const RollingLayout& layout_;
  const bool sampled_, lead_times_;
  std::vector<Piece> group_;
  LeadTimes lead_scratch_;  // one part's lead times, reused
  PieceSamples samples_;
};

}  // namespace

bool WindowsFromPieces(const BoundQuery& q) { return q.bucket && q.rolling && (SampledMetric(q) || CountedInParts(q)); }

std::string RollingPartsSql(SqlFragments& sql, const MetricAggregation& m) {
  const std::string piece = sql.RollingPiece();
  const bool lead_times = LeadTimesInEngine(sql.query());
  const bool sample_arrays = SampledMetric(sql.query()) && !lead_times;
  sql.HoldRowsInMemory(sample_arrays ? 64 : 32);
  if (lead_times) {
    // One row per group, its rows' lead times marked with their pieces: the
    // statement sorts a row per group, not per group and piece.
    std::vector<std::string> select, order;
    for (const std::string& d : m.dims) {
      select.push_back(absl::StrCat("s.", d, " COLLATE \"C\" AS ", d));
      order.push_back(absl::StrCat("p.", d, " COLLATE \"default\""));
    }
    select.push_back(absl::StrCat("string_agg('#' || ", piece, " || ':' || s.lead_us, '') AS piece_lead_us"));
    std::string text =
        absl::StrCat("SELECT ", absl::StrJoin(select, ",\n       "), "\nFROM (", m.source, ") AS s", m.where);
    if (m.dims.empty()) return text;
    std::vector<std::string> group;
    for (size_t i = 1; i <= m.dims.size(); ++i) group.push_back(absl::StrCat(i));
    return absl::StrCat("SELECT * FROM (\n", text, "\nGROUP BY ", absl::StrJoin(group, ", "), m.having,
                        "\nOFFSET 0\n) AS p\nORDER BY ", absl::StrJoin(order, ", "));
  }
  // Grouped by bytes (COLLATE "C": the same groups, compared without the
  // locale's rules, which cost most of a sort of every row), then the pieces
  // ordered by the database's collation, as every other series.
  std::vector<std::string> select, group, order;
  for (const std::string& d : m.dims) {
    select.push_back(absl::StrCat("s.", d, " COLLATE \"C\" AS ", d));
    order.push_back(absl::StrCat("p.", d, " COLLATE \"default\""));
  }
  select.push_back(absl::StrCat(piece, " AS piece"));
  select.push_back(SampledMetric(sql.query()) ? m.sample_partial_aggregates : m.partial_aggregates);
  for (size_t i = 1; i <= m.dims.size() + 1; ++i) group.push_back(absl::StrCat(i));
  order.push_back("p.piece");
  return absl::StrCat("SELECT * FROM (\nSELECT ", absl::StrJoin(select, ",\n       "), "\nFROM (", m.source, ") AS s",
                      m.where, "\nGROUP BY ", absl::StrJoin(group, ", "), m.having, "\nOFFSET 0\n) AS p\nORDER BY ",
                      absl::StrJoin(order, ", "));
}

absl::StatusOr<SqlResult> SeriesFromPieces(const SqlResult& rows, const BoundQuery& q) {
  std::vector<std::string> dims;
  for (Dimension d : q.group_by) dims.emplace_back(DimensionName(d));
  const bool sampled = SampledMetric(q);
  const bool lead_times = LeadTimesInEngine(q);
  std::vector<std::string> names = dims;
  if (lead_times) {
    names.emplace_back("piece_lead_us");
  } else {
    for (const char* c : {"piece", sampled ? "samples" : "value_n", "n", "skewed", "unresolved"}) names.emplace_back(c);
  }
  DORA_ASSIGN_OR_RETURN(SqlColumns cols, SqlColumns::Locate(rows, names));
  const size_t k = dims.size();
  // The groups: runs of rows with the same dimensions, rows
  // [starts[g], starts[g + 1]), each weighed by its cells' bytes.
  std::vector<size_t> starts;
  std::vector<uint64_t> bytes;
  uint64_t total_bytes = 0;
  for (size_t r = 0; r < rows.rows.size(); ++r) {
    bool same = r > 0;
    for (size_t i = 0; i < k && same; ++i) same = cols.At(rows.rows[r], i) == cols.At(rows.rows[r - 1], i);
    if (!same) {
      starts.push_back(r);
      bytes.push_back(0);
    }
    const std::optional<std::string>& cell = cols.At(rows.rows[r], lead_times ? k : k + 1);
    const uint64_t size = 1 + (cell ? cell->size() : 0);
    bytes.back() += size;
    total_bytes += size;
  }
  starts.push_back(rows.rows.size());

  const RollingLayout layout = RollingWindowLayout(q);
  const size_t groups = bytes.size();
  std::vector<std::vector<Row>> series(groups);
  std::vector<absl::Status> errors(groups);
  ForEachChunk(bytes, ThreadsForBytes(total_bytes), [&](size_t begin, size_t end) {
    GroupShaper shaper(q, cols, k, layout);
    for (size_t g = begin; g < end; ++g) {
      errors[g] = shaper.Shape(rows, starts[g], starts[g + 1], &series[g]);
      if (!errors[g].ok()) return;  // later groups' errors would not be reported
    }
  });

  SqlResult out;
  out.columns = dims;
  for (const char* c : {"time", "value", "n", "skewed", "unresolved"}) out.columns.emplace_back(c);
  for (size_t g = 0; g < groups; ++g) {
    DORA_RETURN_IF_ERROR(errors[g]);
    for (Row& row : series[g]) out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace dora
