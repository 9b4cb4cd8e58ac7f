// The samples form: the rows behind a statistic, one each.
//
//   <lead_time|recovery_time|deploys|change_failure_rate> samples [where ...] [limit N]
//
// SQL, at most `limit` + 1 rows (the extra one says more matched). Ledger
// columns (sql/deploy_ledger.h): `outcome`, `signal_us` (epoch microseconds
// of the signal), `signal_id`.
//   lead_time, largest first, skewed rows left out -> `service`, `team`,
//     `environment`, `commit_sha`, `url`, `first_us`, `time_us` (the deploy),
//     the ledger columns, `value` (seconds);
//   recovery_time, largest first, skewed rows left out -> `service`, `team`,
//     `environment`, `incident_id`, `path` (incident | deploy), `commit_sha`
//     (deploy path), `url` (the incident's or the failed deploy's page),
//     `time_us` (opened or failed), `end_us` (resolved or recovered), `value`
//     (seconds);
//   deploys and change_failure_rate, latest first -> `service`, `team`,
//     `environment`, `commit_sha`, `url`, `time_us`, the ledger columns,
//     `value` (lead time in seconds; NULL when unknown, skewed or not
//     successful).
// `url` is the page the source sent with the event (NULL when none).
// Result table (one plain table frame): the same rows with times as times
// (`first_commit_at`, `deployed_at`, `opened_at`, `resolved_at`), and after
// `outcome` a `reason` saying why the ledger gave it.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/time_spec.h"
#include "forms/form_module.h"
#include "forms/frames.h"
#include "forms/shaping.h"

namespace dora {
namespace {

// Why the ledger gave a deploy its outcome, for humans.
std::string OutcomeReason(const std::string& outcome, std::optional<absl::Time> signal_at,
                          const std::optional<std::string>& signal_id) {
  const std::string at = signal_at ? FormatRfc3339Utc(*signal_at) : "";
  if (outcome == "failed") return "the deploy reported failure";
  if (outcome == "rollback") return "a rollback deploy (reference rule)";
  if (outcome == "rolled_back") return absl::StrCat("rolled back at ", at);
  if (outcome == "incident") return absl::StrCat("incident ", signal_id.value_or(""), " opened at ", at);
  if (outcome == "hotfixed") return absl::StrCat("hotfix deployed at ", at);
  return "";
}

// The ledger's SQL columns, in this order.
enum class LedgerCol { kOutcome, kSignalUs, kSignalId };

// Inserts `reason` after the `outcome` column, from the SQL row's ledger columns.
absl::Status AddOutcomeReasons(const SqlResult& rows, ResultTable* t) {
  DORA_ASSIGN_OR_RETURN(SqlColumns ledger, SqlColumns::Locate(rows, {"outcome", "signal_us", "signal_id"}));
  const int after = t->ColumnIndex("outcome");
  if (after < 0) return ShapeError("missing ledger columns");
  t->columns.insert(t->columns.begin() + after + 1, ColumnSpec{"reason", ColumnType::kString});
  for (size_t r = 0; r < rows.rows.size(); ++r) {
    const auto& row = rows.rows[r];
    std::optional<absl::Time> signal_at;
    if (ledger.At(row, LedgerCol::kSignalUs)) {
      DORA_ASSIGN_OR_RETURN(int64_t us, IntCell(ledger.At(row, LedgerCol::kSignalUs), "signal_us"));
      signal_at = absl::FromUnixMicros(us);
    }
    std::string reason = OutcomeReason(ledger.At(row, LedgerCol::kOutcome).value_or(""), signal_at,
                                       ledger.At(row, LedgerCol::kSignalId));
    t->rows[r].insert(t->rows[r].begin() + after + 1, reason.empty() ? Cell() : Cell(reason));
  }
  return absl::OkStatus();
}

class SamplesFormModule : public FormModule {
 public:
  QueryForm form() const override { return QueryForm::kSamples; }

  absl::Status BindHead(const ParsedQuery& p, BoundQuery* q) const override {
    DORA_RETURN_IF_ERROR(BindMetricHead(p, q));
    if (!TakesSamples(q->metric->kind)) {
      return BindError(*p.samples, absl::StrCat("samples do not apply to ", q->metric->name),
                       "samples list the deploys behind lead_time, deploys or change_failure_rate, "
                       "or the failures behind recovery_time");
    }
    DORA_RETURN_IF_ERROR(CheckFormClauses(p, QueryFormNamed("samples")));
    q->limit = kDefaultSampleLimit;
    if (p.limit) {
      int n = 0;
      if (!absl::SimpleAtoi(p.limit->text, &n) || n < 1 || n > kMaxSampleLimit) {
        return BindError(*p.limit, absl::StrCat("invalid limit '", p.limit->text, "'"),
                         absl::StrCat("expected a whole number from 1 to ", kMaxSampleLimit));
      }
      q->limit = n;
    }
    return absl::OkStatus();
  }
  std::string RenderHead(const ParsedQuery&, const BoundQuery& q) const override {
    return absl::StrCat(q.metric->name, " samples");
  }
  std::string RenderTail(const BoundQuery& q) const override { return absl::StrCat(" limit ", q.limit); }

  std::string Sql(SqlFragments& sql) const override {
    const BoundQuery& q = sql.query();
    const bool lead = q.metric->kind == MetricKind::kLeadTime;
    const bool recovery = q.metric->kind == MetricKind::kRecoveryTime;
    std::string where = sql.Filters();
    if (lead || recovery) {
      absl::StrAppend(&where, where.empty() ? "\nWHERE " : "\n  AND ",
                      lead ? "NOT s.skewed" : "s.resolved_at IS NOT NULL AND NOT s.skewed");
    }
    const char* outcome =
        "\n       s.outcome, (extract(epoch FROM s.signal_at) * 1000000)::bigint AS signal_us, s.signal_id";
    std::string columns, order;
    if (lead) {
      columns =
          absl::StrCat("s.commit_sha, s.url,\n       (extract(epoch FROM s.first_ts) * 1000000)::bigint AS first_us,",
                       "\n       (extract(epoch FROM s.ts) * 1000000)::bigint AS time_us,", outcome, ",",
                       "\n       greatest(s.lead_s, 0) AS value");
      order = "value DESC, s.ts DESC, s.service";
    } else if (recovery) {
      columns =
          "s.incident_id, s.path, s.commit_sha, s.url,\n       (extract(epoch FROM s.ts) * 1000000)::bigint AS time_us,"
          "\n       (extract(epoch FROM s.resolved_at) * 1000000)::bigint AS end_us,"
          "\n       greatest(s.recovery_s, 0) AS value";
      order = "value DESC, s.ts DESC, s.service";
    } else {
      columns = absl::StrCat("s.commit_sha, s.url,\n       (extract(epoch FROM s.ts) * 1000000)::bigint AS time_us,",
                             outcome, ",\n       CASE WHEN s.skewed OR s.success IS NOT TRUE THEN NULL",
                             " ELSE greatest(s.lead_s, 0) END AS value");
      order = "s.ts DESC, s.service";
    }
    std::string source =
        recovery ? sql.RecoverySource(/*first_commit=*/true, /*with_url=*/true)
                 : sql.DeploySource(DeployRows().WithLedger().WithFirstCommit().LeadTimeRowsOnly(lead).WithUrl());
    return absl::StrCat("SELECT s.service, s.team, s.environment, ", columns, "\nFROM (", source, ") AS s", where,
                        "\nORDER BY ", order, "\nLIMIT ", q.limit + 1);
  }

  absl::Status Shape(const SqlResult& rows, QueryResult* out) const override {
    const BoundQuery& q = out->query;
    std::vector<CopiedColumn> columns = {
        {"service", {"service", ColumnType::kString, Unit::kNone, ColumnRole::kDimension}},
        {"team", {"team", ColumnType::kString, Unit::kNone, ColumnRole::kDimension}},
        {"environment", {"environment", ColumnType::kString, Unit::kNone, ColumnRole::kDimension}}};
    const MetricKind kind = q.metric->kind;
    if (kind == MetricKind::kRecoveryTime) {
      columns.push_back({"incident_id", {"incident_id", ColumnType::kString}});
      columns.push_back({"path", {"path", ColumnType::kString}});
      columns.push_back({"commit_sha", {"commit_sha", ColumnType::kString}});
      columns.push_back({"url", {"url", ColumnType::kString}});
      columns.push_back({"time_us", {"opened_at", ColumnType::kTime}});
      columns.push_back({"end_us", {"resolved_at", ColumnType::kTime}});
      columns.push_back({"value", {"value", ColumnType::kFloat, q.metric->unit, ColumnRole::kValue}});
    } else {
      columns.push_back({"commit_sha", {"commit_sha", ColumnType::kString}});
      columns.push_back({"url", {"url", ColumnType::kString}});
      if (kind == MetricKind::kLeadTime) columns.push_back({"first_us", {"first_commit_at", ColumnType::kTime}});
      columns.push_back({"time_us", {"deployed_at", ColumnType::kTime}});
      columns.push_back({"outcome", {"outcome", ColumnType::kString}});
      columns.push_back({"value",
                         {kind == MetricKind::kLeadTime ? "value" : "lead_time", ColumnType::kFloat, Unit::kSeconds,
                          ColumnRole::kValue}});
    }
    DORA_RETURN_IF_ERROR(CopyColumns(rows, columns, &out->table));
    if (kind != MetricKind::kRecoveryTime) DORA_RETURN_IF_ERROR(AddOutcomeReasons(rows, &out->table));
    if (out->table.rows.size() > static_cast<size_t>(q.limit)) {
      out->table.rows.resize(q.limit);
      const bool latest = kind == MetricKind::kDeploys || kind == MetricKind::kChangeFailureRate;
      out->notices.push_back(
          {NoticeSeverity::kInfo,
           absl::StrCat("showing the ", q.limit, latest ? " latest" : " largest", "; raise the limit to see more")});
    }
    return absl::OkStatus();
  }

  std::vector<Frame> Frames(const QueryResult& r, const std::string& ref_id, bool) const override {
    return OnlyFrame(PlainTableFrame(r, ref_id));
  }

  std::string DisplayName(const BoundQuery& q) const override { return absl::StrCat(q.metric->name, " samples"); }
};

}  // namespace

const FormModule& SamplesForm() {
  static const SamplesFormModule* module = new SamplesFormModule();
  return *module;
}

}  // namespace dora
