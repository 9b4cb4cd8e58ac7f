// Query benchmark: the same three DORA questions answered by the engine's SQL
// on the product schema and by the reference design's SQL on the reference
// schema, over the same rows. Checks that the answers are identical, then
// reports the median of repeated warm runs and the speed-up.
//
// usage: dora_query_bench <product_db_url> <reference_db_url> <from> <to> [runs]
//        dora_query_bench --engine-only <product_db_url> <from> <to> [runs]
//          prints one JSON object: {"<question>": median engine ms, ...}
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/time_spec.h"
#include "engine/query_engine.h"
#include "store/pg_pool.h"
#include "store/pg_session.h"

namespace {

using Answer = std::map<std::string, std::pair<double, int64_t>>;  // key -> (value, n)

struct Question {
  std::string name;
  std::string dora_query;
  std::string reference_sql;  // $1 = from, $2 = to
};

const char* kWindow = " AND occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz";

std::vector<Question> Questions() {
  return {
      {"lead_time p90 by service", "lead_time p90 by service",
       absl::StrCat("SELECT service, percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "
                    "(occurred_at - first_commit_ts))) AS value, count(*) AS n FROM delivery_events "
                    "WHERE event_type = 'deploy' AND environment = 'prod' AND success = TRUE AND "
                    "first_commit_ts IS NOT NULL AND occurred_at >= first_commit_ts",
                    kWindow, " GROUP BY service ORDER BY service")},
      {"change_failure_rate by service", "change_failure_rate by service",
       absl::StrCat("WITH prod AS (SELECT * FROM delivery_events WHERE event_type = 'deploy' AND "
                    "environment = 'prod'",
                    kWindow,
                    ") SELECT service, count(*) FILTER (WHERE success = FALSE OR is_rollback)::numeric / "
                    "NULLIF(count(*), 0) AS value, count(*) AS n FROM prod GROUP BY service ORDER BY service")},
      {"deploy_frequency by team every 1d", "deploy_frequency by team every 1d",
       absl::StrCat("SELECT team || '@' || extract(epoch FROM date_trunc('day', occurred_at))::bigint AS key, "
                    "count(*) AS value, count(*) AS n FROM delivery_events WHERE event_type = 'deploy' AND "
                    "environment = 'prod' AND success = TRUE",
                    kWindow, " GROUP BY team, date_trunc('day', occurred_at) ORDER BY 1")},
  };
}

double Millis(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

template <typename F>
std::pair<double, double> Time(int runs, F f) {
  std::vector<double> ms;
  f();  // warm-up
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    ms.push_back(Millis(std::chrono::steady_clock::now() - t0));
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.front()};
}

Answer FromEngine(const dora::QueryResult& r, bool series) {
  Answer a;
  const auto& t = r.table;
  int value = t.ColumnIndex("value"), n = t.ColumnIndex("n");
  for (const auto& row : t.rows) {
    if (std::get<int64_t>(row[n]) == 0) continue;  // zero-filled buckets have no reference row
    std::string key = std::get<std::string>(row[0]);
    if (series) key += "@" + std::to_string(absl::ToUnixSeconds(std::get<absl::Time>(row[1])));
    double v = std::holds_alternative<double>(row[value]) ? std::get<double>(row[value])
                                                          : static_cast<double>(std::get<int64_t>(row[value]));
    a[key] = {v, std::get<int64_t>(row[n])};
  }
  return a;
}

// The reference rows (key, value, n) as an answer; nullopt when a row is
// not three non-NULL cells of that shape.
std::optional<Answer> FromReference(const dora::SqlResult& r) {
  Answer a;
  for (const auto& row : r.rows) {
    double value = 0;
    int64_t n = 0;
    if (row.size() != 3 || !row[0] || !row[1] || !row[2] || !absl::SimpleAtod(*row[1], &value) ||
        !absl::SimpleAtoi(*row[2], &n)) {
      return std::nullopt;
    }
    a[*row[0]] = {value, n};
  }
  return a;
}

// Runs `sql` with $1 = from, $2 = to in a read-only transaction on `session`.
absl::StatusOr<dora::SqlResult> ReadReference(dora::PgSession& session, const std::string& sql, const std::string& from,
                                              const std::string& to) {
  auto tx = dora::PgTransaction::Begin(session, "reference query", dora::PgTransaction::Mode::kReadOnly);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<dora::SqlResult> rows = tx->Exec(sql, {from, to});
  if (!rows.ok()) return rows.status();
  if (absl::Status committed = tx->Commit(); !committed.ok()) return committed;
  return rows;
}

}  // namespace

// The engine alone (compile, SQL round trip, shaping), no gRPC and no frames:
// the baseline for the plugin benchmark's overhead figure.
int EngineOnly(const std::string& url, const std::string& from, const std::string& to, int runs) {
  dora::PgPoolOptions opts;
  opts.url = url;
  opts.statement_timeout = absl::ZeroDuration();
  dora::PgPool pool(opts);
  dora::QueryEngine engine(&pool);
  dora::QueryContext ctx;
  ctx.from = *dora::ParseTimeSpec(from, absl::Now());
  ctx.to = *dora::ParseTimeSpec(to, absl::Now());
  std::string out = "{";
  for (const Question& q : Questions()) {
    auto [ms, min] = Time(runs, [&] { (void)engine.Run(q.dora_query, ctx); });
    absl::StrAppend(&out, out.size() > 1 ? ", " : "", "\"", q.dora_query, "\": ", absl::StrFormat("%.2f", ms));
  }
  std::cout << out << "}\n";
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 5 && std::string(argv[1]) == "--engine-only") {
    return EngineOnly(argv[2], argv[3], argv[4], argc > 5 ? std::atoi(argv[5]) : 7);
  }
  if (argc < 5) {
    std::cerr << "usage: dora_query_bench <product_db_url> <reference_db_url> <from> <to> [runs]\n";
    return 2;
  }
  const int runs = argc > 5 ? std::atoi(argv[5]) : 7;
  dora::PgPoolOptions opts;
  opts.url = argv[1];
  opts.statement_timeout = absl::ZeroDuration();
  dora::PgPool pool(opts);
  dora::QueryEngine engine(&pool);
  dora::PgSessionOptions ref_opts;
  ref_opts.application_name = "dora_query_bench_reference";
  ref_opts.statement_timeout = absl::ZeroDuration();
  absl::StatusOr<std::unique_ptr<dora::PgSession>> ref = dora::PgSession::Connect(argv[2], ref_opts);
  if (!ref.ok()) {
    std::cerr << "reference database: " << ref.status() << "\n";
    return 1;
  }
  dora::QueryContext ctx;
  ctx.from = *dora::ParseTimeSpec(argv[3], absl::Now());
  ctx.to = *dora::ParseTimeSpec(argv[4], absl::Now());
  ctx.policy.min_sample = 1;
  // Days divide evenly so per-day frequency equals the per-day count.
  const std::string from = dora::FormatRfc3339Utc(ctx.from), to = dora::FormatRfc3339Utc(ctx.to);

  bool all_equal = true;
  std::cout << absl::StrFormat("%-36s %12s %12s %8s %8s  %s\n", "question", "dora ms", "reference ms", "ratio",
                               "groups", "values");
  for (const Question& q : Questions()) {
    absl::StatusOr<dora::QueryResult> ours;
    auto [dora_ms, dora_min] = Time(runs, [&] { ours = engine.Run(q.dora_query, ctx); });
    if (!ours.ok()) {
      std::cerr << q.name << ": " << ours.status() << "\n";
      return 1;
    }
    absl::StatusOr<dora::SqlResult> theirs;
    auto [ref_ms, ref_min] = Time(runs, [&] { theirs = ReadReference(**ref, q.reference_sql, from, to); });
    if (!theirs.ok()) {
      std::cerr << q.name << " (reference): " << theirs.status() << "\n";
      return 1;
    }
    std::optional<Answer> reference = FromReference(*theirs);
    if (!reference) {
      std::cerr << q.name << " (reference): a row is not (key, value, n)\n";
      return 1;
    }
    Answer a = FromEngine(*ours, q.dora_query.find("every") != std::string::npos);
    const Answer& b = *reference;
    bool equal = a.size() == b.size();
    for (const auto& [k, v] : a) {
      auto it = b.find(k);
      if (it == b.end() || it->second.second != v.second ||
          std::fabs(it->second.first - v.first) > 1e-9 * std::max(1.0, std::fabs(v.first))) {
        if (equal) std::cerr << q.name << ": first difference at " << k << "\n";
        equal = false;
      }
    }
    all_equal &= equal;
    std::cout << absl::StrFormat("%-36s %12.1f %12.1f %7.1fx %8d  %s\n", q.name, dora_ms, ref_ms, ref_ms / dora_ms,
                                 a.size(), equal ? "identical" : "DIFFERENT");
  }
  return all_equal ? 0 : 1;
}
