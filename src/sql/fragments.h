// The SQL every query form shares, in one place: the window and its
// parameters, the production-environment default, the deploy, incident and
// recovery row sources over `delivery_events`, the `where` filters and the
// time buckets of series. Each form's module (src/forms/) builds its
// statement from these over one parameter list.
//
// Parameters are numbered in the order the pieces are asked for ($1 and $2
// are always the rows' window: RowsFrom(query) and to), so a form must call them in a fixed
// order (never two parameter-adding calls inside one StrCat).
#ifndef DORA_SQL_FRAGMENTS_H_
#define DORA_SQL_FRAGMENTS_H_

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "query/bound_query.h"
#include "sql/sql_statement.h"

namespace dora {

// An interval literal that is exactly `d` (whole seconds, else microseconds).
std::string SqlInterval(absl::Duration d);

// Whether rows `left` and `right` are in the same group of the text columns
// `dims` (non-empty), NULL matching NULL (no team is a group): as arrays,
// which compare NULL elements as equal and, unlike IS NOT DISTINCT FROM,
// can be hash-joined.
std::string SameGroup(absl::string_view left, absl::string_view right, const std::vector<std::string>& dims);

// What a deploy row source carries (see SqlFragments::DeploySource).
struct DeployRows {
  bool ledger = false;               // the failure ledger's columns (sql/deploy_ledger.h)
  bool first_commit = false;         // first_ts, the first commit's time
  bool lead_time_rows_only = false;  // only successful deploys with a first commit
  bool url = false;                  // url, the page behind the deploy (after commit_sha)
  bool failures_only = false;        // only failed or rolled-back deploys (not with ledger)
  // Only what counting deploys needs: service, team, environment, ts,
  // success, is_rollback, hotfix and `w`, the number of deploys the row
  // stands for (not with the other options). Runs of whole UTC days come
  // from deploy_week_counts and deploy_day_counts as their week covers
  // (sql/utc_days.h), each row at the first instant of its run; the days a
  // cover takes away are rows with w < 0, which cancel deploys of a week
  // row of the same key and run. The rest come from the events with w = 1.
  // Aggregate with sum(s.w), never count(*); a group's or bucket's sum(s.w)
  // is its deploys, so it has deploys (a row of the events) exactly when
  // sum(s.w) > 0: GROUP BY ... HAVING sum(s.w) > 0 keeps the groups the
  // events have.
  bool counted = false;

  DeployRows& WithLedger(bool on = true) {
    ledger = on;
    return *this;
  }
  DeployRows& WithFirstCommit(bool on = true) {
    first_commit = on;
    return *this;
  }
  DeployRows& LeadTimeRowsOnly(bool on = true) {
    lead_time_rows_only = on;
    return *this;
  }
  DeployRows& WithUrl(bool on = true) {
    url = on;
    return *this;
  }
  DeployRows& FailuresOnly(bool on = true) {
    failures_only = on;
    return *this;
  }
  DeployRows& Counted(bool on = true) {
    counted = on;
    return *this;
  }
};

// The binning of a series. `relation` is the buckets as a FROM item
// "b(bucket, time, days)": a key, the epoch-second label and the calendar
// days a per-day rate divides by, from common/calendar.h as parameter arrays.
// `join` (after "FROM (<source>) AS s") and `bin` (a select expression over
// `s` and the join) give each row the key of its bucket, or with `rolling`
// of every bucket whose window holds it.
//
// Rolling windows: bucket i's window is [start_i, end_i) with end_i =
// min(bucket end, to) and start_i = CalendarSpanBefore(end_i, window); both
// are non-decreasing in i, so the windows holding a row are the contiguous
// run of keys width_bucket(ts, ends) + 1 .. width_bucket(ts, starts) (keys
// count buckets from 1), and `days` is the window's calendar days.
struct BucketSql {
  std::string relation;
  std::string join;
  std::string bin;
};

// The rolling windows of a query with `bucket` and `rolling`: `edges`, the
// windows' starts and ends sorted without repeats; per bucket its window as
// the pieces [lo, hi) (piece k is [edges[k-1], edges[k]), counted from 1 as
// width_bucket counts), `time` (epoch seconds of the bucket start) and `days`
// (the window's calendar days).
struct RollingWindow {
  int64_t time;
  double days;
  int lo;
  int hi;
};
struct RollingLayout {
  std::vector<absl::Time> edges;
  std::vector<RollingWindow> windows;
};
RollingLayout RollingWindowLayout(const BoundQuery& query);

// The first instant a statement reads rows from: `from`, or for a rolling
// series the first bucket's window start (before `from`).
absl::Time RowsFrom(const BoundQuery& query);

class SqlFragments {
 public:
  // Adds $1 (RowsFrom(query)) and $2 (to).
  explicit SqlFragments(const BoundQuery& query);

  const BoundQuery& query() const { return *q_; }
  // Renders the following pieces for `component` instead, until it returns
  // the previous query (the caller restores it). For composite metrics
  // (dora_score) whose parts are the queries of other metrics over the same
  // window: `component` must have this statement's window, and the
  // parameters keep one numbering. `component` must outlive its use.
  const BoundQuery& SwapQuery(const BoundQuery& component) {
    const BoundQuery& previous = *q_;
    q_ = &component;
    return previous;
  }
  // A parameter placeholder with its cast, e.g. "$3::text".
  std::string Param(std::string value, absl::string_view sql_type) { return params_.Add(std::move(value), sql_type); }
  // The window the row sources read: placeholders and instants. The query's
  // [from, to) ($1, $2) until UsePreviousWindow.
  const std::string& from() const { return from_; }
  const std::string& to() const { return to_; }
  absl::Time window_from() const { return window_from_; }
  absl::Time window_to() const { return window_to_; }
  // Switches the row sources to the previous period of `vs previous`,
  // [PreviousPeriodFrom(query), from): its start a new parameter, its end $1.
  void UsePreviousWindow();
  bool Attributed() const { return q_->policy.failure_signals.attributed; }

  // "\n<indent>AND <column> = $n" restricting rows to the default environment
  // (production), or "" when the query filters or groups by environment.
  std::string EnvironmentDefault(absl::string_view column, absl::string_view indent = "    ");

  // Production deploy rows in the window: service, team, environment, ts,
  // success, is_rollback, hotfix, commit_sha, [url,] [first_ts,] lead_s,
  // skewed, and with `rows.ledger` the ledger columns.
  std::string DeploySource(const DeployRows& rows);
  // One row per incident opened in the window (its first open ever), with its
  // first resolution and the latest deploy of the same service and environment
  // within the link window before it; `linked_only` keeps only incidents with
  // such a deploy. `with_url` adds, last, the url of the incident's first open.
  std::string IncidentSource(bool linked_only, bool with_url = false);
  // Lead times of the production deploys in the window that count for lead
  // time (successful, with a first commit): service, team, environment, ts
  // and lead_us, the lead times in microseconds (occurred_at -
  // first_commit_ts, skewed ones included) that the row stands for, one or
  // many: whole UTC days from lead_time_days (each row at its run's first
  // instant, as DeployRows::counted), partial days from the events. The
  // engine decodes and reduces them (forms/lead_samples.h).
  std::string LeadTimeSource();
  // Recovery samples: linked incidents, and under an attributed failure
  // policy also deploy-signalled failures without a linked incident;
  // `with_url` adds, last, the incident's or the failed deploy's url.
  std::string RecoverySource(bool first_commit, bool with_url = false);

  // "\nWHERE s.<dim> = $n\n  AND ..." for the query's filters over relation
  // `s`, or "".
  std::string Filters();
  // The same conditions joined by AND without the WHERE, or "".
  std::string FilterConditions();

  // The series binning of the query's bucket (query().bucket must be set).
  BucketSql Buckets();
  // Rolling windows as runs of pieces (query().bucket and query().rolling
  // must be set): the windows' starts and ends, sorted and deduplicated
  // (RollingWindowLayout's edges), cut the rows' span into pieces; this is
  // the piece of each row of `s` (width_bucket over the edges: piece k is
  // [edge k, edge k+1), counted from 1; 0 or the number of edges outside
  // them, in no window). Each row is in one piece, whatever the number of
  // windows that hold it; a window is the pieces [lo, hi) of its layout.
  std::string RollingPiece();

  // Asks the planner not to read the whole table (enable_seqscan = off for
  // this statement): for statements whose every scan is bounded by the window
  // through an index, where PostgreSQL's estimate of a BRIN scan on a
  // time-ordered table loses to a parallel scan of every page.
  void AvoidTableScans() { AddLocalSetting("enable_seqscan = off"); }

  // Gives this statement room to hold a window's samples or rows in memory
  // (work_mem = 32MB, for this statement only): a 90-day window of 400,000
  // production deploys is about 6 MB of float8, and the 180 days of daily
  // deploy counts a rolling series groups into pieces 86,000 rows, which at
  // the server's default 4 MB spill the hashed groups and sorts to disk.
  // `megabytes` raises it (the largest asked for holds): a rolling series'
  // float8[] of samples per group and piece needs 64, as the planner counts
  // several kilobytes per array (200 services' 5,000 pieces take about
  // 2.5 MB, but at 32 MB it would sort every row instead of hashing them).
  void HoldRowsInMemory(int megabytes = 32);

  // The statement: `text` with the parameters collected so far.
  SqlStatement Finish(std::string text) {
    return SqlStatement{std::move(text), params_.Take(), std::move(local_settings_)};
  }

 private:
  std::string CountedDeploySource();
  // The statement's rows' range split into runs of whole UTC days and
  // partial spans (sql/utc_days.h), as FROM items over parameters:
  // `whole_days` "unnest(...) AS wd(day, start)", each whole day (date) with
  // the first instant of its run (timestamptz), for an equality join;
  // with `weeks`, each run is its WeekCover (sql/utc_days.h): whole_days
  // are its added days, `whole_weeks` "unnest(...) AS ww(week, start)" its
  // weeks (each week's Monday and its run's first instant), and
  // `removed_days` "unnest(...) AS rd(day, start)" the days to take away
  // (rows counted negatively); `partial_spans` "unnest(...) AS pd(lo, hi)";
  // "" for none.
  struct DaySplitParams {
    std::string whole_days;
    std::string whole_weeks;
    std::string removed_days;
    std::string partial_spans;
  };
  DaySplitParams SplitRowsIntoUtcDays(bool weeks = false);
  // "\n    AND <alias>.<column> >= ... AND <alias>.<column> < ..." over the
  // range's $1, $2 as UTC dates, widened by `margin_days` on both sides.
  std::string KeptDaysInRange(absl::string_view alias, absl::string_view column = "day", int margin_days = 0) const;
  // How far a run's week cover reaches beyond the run: less than a week.
  static constexpr int kCoverMarginDays = 6;
  // Where the statement's binning cuts its rows' range: bucket or rolling
  // piece edges (none without a bucket).
  std::vector<absl::Time> BinningCuts() const;

  int work_mem_mb_ = 0;  // what HoldRowsInMemory set, 0 for the server's
  void AddLocalSetting(const std::string& setting) {
    if (std::find(local_settings_.begin(), local_settings_.end(), setting) == local_settings_.end()) {
      local_settings_.push_back(setting);
    }
  }

  const BoundQuery* q_;
  ParamList params_;
  std::string from_;
  std::string to_;
  absl::Time window_from_;
  absl::Time window_to_;
  absl::Time rows_from_;  // the instant from_ holds
  std::vector<std::string> local_settings_;
};

}  // namespace dora

#endif  // DORA_SQL_FRAGMENTS_H_
