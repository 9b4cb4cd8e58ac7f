// The annotations form: deploys, failed deploys, rollbacks and incidents as
// events for Grafana annotations.
//
//   annotations [deploys, rollbacks, failures, incidents] [where ...]
//
// No kind means deploys and incidents; `deploys` includes failed deploys and
// rollbacks. SQL result schema: `kind` (deploy|failure|rollback|incident),
// `time_us`, `time_end_us` (incident resolution, else NULL), `service`,
// `team`, `environment`, `commit_sha`, `incident_id`, `hotfix`, `lead_s`
// (NULL when unknown or skewed), `url` (the deploy's or the incident open's
// page, NULL when the source sent none), oldest first, at most
// kMaxAnnotations + 1 rows (the extra one says the cap was hit). Result table
// and its one plain table frame: `time`, `timeEnd` (incidents), `title`,
// `text`, `tags` (comma-separated), `kind`, `service`, `team`, `environment`,
// `url` (null when unknown).
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/human_number.h"
#include "common/phase_error.h"
#include "common/status_macros.h"
#include "forms/form_module.h"
#include "forms/frames.h"
#include "forms/shaping.h"
#include "metrics/environments.h"

namespace dora {
namespace {

// The kind words of the query (metrics/catalog's AllAnnotationKinds), each
// once, in order.
absl::StatusOr<std::vector<const AnnotationKindDef*>> ChosenKinds(const ParsedQuery& p) {
  std::vector<const AnnotationKindDef*> chosen;
  for (const Located& k : p.annotation_kinds) {
    const AnnotationKindDef* kind = FindAnnotationKind(k.text);
    if (kind == nullptr) {
      return BindError(k, absl::StrCat("unknown annotation kind '", k.text, "'"),
                       absl::StrCat("expected ", JoinAlternatives(AnnotationKindWords())),
                       SuggestNearest(k.text, AnnotationKindWords()));
    }
    if (std::find(chosen.begin(), chosen.end(), kind) == chosen.end()) chosen.push_back(kind);
  }
  return chosen;
}

// The SQL columns, in the order of kColumnNames.
enum class Col {
  kKind,
  kTimeUs,
  kTimeEndUs,
  kService,
  kTeam,
  kEnvironment,
  kCommitSha,
  kIncidentId,
  kHotfix,
  kLeadS,
  kUrl
};
const std::vector<std::string> kColumnNames = {"kind",   "time_us",     "time_end_us", "service",
                                               "team",   "environment", "commit_sha",  "incident_id",
                                               "hotfix", "lead_s",      "url"};

std::string Short(const std::optional<std::string>& sha) {
  return sha ? sha->substr(0, 7) : std::string("unknown commit");
}

class AnnotationsFormModule : public FormModule {
 public:
  QueryForm form() const override { return QueryForm::kAnnotations; }

  absl::Status BindHead(const ParsedQuery& p, BoundQuery* q) const override {
    DORA_ASSIGN_OR_RETURN(std::vector<const AnnotationKindDef*> chosen, ChosenKinds(p));
    if (chosen.empty()) {
      for (const std::string& word : DefaultAnnotationKindWords()) chosen.push_back(FindAnnotationKind(word));
    }
    for (const AnnotationKindDef* def : chosen) {
      for (AnnotationKind k : def->event_kinds) {
        if (std::find(q->annotation_kinds.begin(), q->annotation_kinds.end(), k) == q->annotation_kinds.end()) {
          q->annotation_kinds.push_back(k);
        }
      }
    }
    return CheckFormClauses(p, QueryFormNamed("annotations"));
  }
  std::string RenderHead(const ParsedQuery& p, const BoundQuery&) const override {
    const absl::StatusOr<std::vector<const AnnotationKindDef*>> chosen = ChosenKinds(p);  // bound: all known
    std::vector<std::string> words;
    for (const AnnotationKindDef* def : *chosen) words.push_back(def->word);
    return words.empty() ? "annotations" : absl::StrCat("annotations ", absl::StrJoin(words, ", "));
  }

  // Deploys and incidents as events, oldest first, capped at kMaxAnnotations.
  // Only the sources the chosen kinds need are read; failures and rollbacks
  // alone read only failed and rolled-back deploys (a partial index).
  std::string Sql(SqlFragments& sql) const override {
    const std::vector<AnnotationKind>& chosen = sql.query().annotation_kinds;
    const auto has = [&chosen](AnnotationKind k) { return std::find(chosen.begin(), chosen.end(), k) != chosen.end(); };
    std::vector<std::string> kinds;
    for (AnnotationKind k : chosen) kinds.push_back(sql.Param(std::string(AnnotationKindName(k)), "text"));
    std::vector<std::string> branches;
    if (has(AnnotationKind::kDeploy) || has(AnnotationKind::kFailure) || has(AnnotationKind::kRollback)) {
      std::string deploys = sql.DeploySource(DeployRows().WithUrl().FailuresOnly(!has(AnnotationKind::kDeploy)));
      branches.push_back(absl::StrCat(
          "\nSELECT CASE WHEN d.is_rollback THEN 'rollback' WHEN d.success IS FALSE THEN 'failure' ELSE 'deploy' END "
          "AS kind,",
          "\n       d.ts, NULL::timestamptz AS ts_end, d.service, d.team, d.environment, d.commit_sha,",
          "\n       NULL::text AS incident_id, d.hotfix,\n       CASE WHEN d.skewed OR d.lead_s IS NULL THEN NULL ELSE "
          "greatest(d.lead_s, 0) END AS lead_s, d.url",
          "\nFROM (", deploys, ") AS d"));
    }
    if (has(AnnotationKind::kIncident)) {
      std::string incidents = sql.IncidentSource(/*linked_only=*/false, /*with_url=*/true);
      branches.push_back(
          absl::StrCat("\nSELECT 'incident'", branches.empty() ? " AS kind" : "", ", i.ts, i.resolved_at",
                       branches.empty() ? " AS ts_end" : "", ", i.service, i.team, i.environment, ",
                       branches.empty() ? "NULL::text AS commit_sha" : "NULL", ", i.incident_id, ",
                       branches.empty() ? "NULL::boolean AS hotfix, NULL::float8 AS lead_s" : "NULL, NULL", ", i.url",
                       "\nFROM (", incidents, ") AS i"));
    }
    std::string where = sql.Filters();
    absl::StrAppend(&where, where.empty() ? "\nWHERE " : "\n  AND ", "s.kind IN (", absl::StrJoin(kinds, ", "), ")");
    return absl::StrCat(
        "SELECT s.kind, (extract(epoch FROM s.ts) * 1000000)::bigint AS time_us,",
        "\n       (extract(epoch FROM s.ts_end) * 1000000)::bigint AS time_end_us,",
        "\n       s.service, s.team, s.environment, s.commit_sha, s.incident_id, s.hotfix, s.lead_s, s.url", "\nFROM (",
        absl::StrJoin(branches, "\nUNION ALL"), "\n) AS s", where, "\nORDER BY s.ts, s.kind, s.service", "\nLIMIT ",
        kMaxAnnotations + 1);
  }

  absl::Status Shape(const SqlResult& rows, QueryResult* out) const override {
    DORA_ASSIGN_OR_RETURN(SqlColumns cols, SqlColumns::Locate(rows, kColumnNames));
    ResultTable& t = out->table;
    t.columns = {{"time", ColumnType::kTime},
                 {"timeEnd", ColumnType::kTime},
                 {"title", ColumnType::kString},
                 {"text", ColumnType::kString},
                 {"tags", ColumnType::kString},
                 {"kind", ColumnType::kString},
                 {"service", ColumnType::kString, Unit::kNone, ColumnRole::kDimension},
                 {"team", ColumnType::kString, Unit::kNone, ColumnRole::kDimension},
                 {"environment", ColumnType::kString, Unit::kNone, ColumnRole::kDimension},
                 {"url", ColumnType::kString}};
    const size_t n = std::min(rows.rows.size(), static_cast<size_t>(kMaxAnnotations));
    t.rows.reserve(n);
    for (size_t r = 0; r < n; ++r) {
      auto cell = [&](Col c) -> const std::optional<std::string>& { return cols.At(rows.rows[r], c); };
      const std::string kind_name = cell(Col::kKind).value_or("");
      const std::optional<AnnotationKind> kind = ParseAnnotationKindName(kind_name);
      if (!kind) return ShapeError(absl::StrCat("annotation kind '", kind_name, "'"));
      const std::string service = cell(Col::kService).value_or("");
      DORA_ASSIGN_OR_RETURN(int64_t us, IntCell(cell(Col::kTimeUs), "time_us"));
      std::optional<absl::Time> end;
      if (cell(Col::kTimeEndUs)) {
        DORA_ASSIGN_OR_RETURN(int64_t end_us, IntCell(cell(Col::kTimeEndUs), "time_end_us"));
        end = absl::FromUnixMicros(end_us);
      }
      const absl::Time at = absl::FromUnixMicros(us);
      const std::string env = cell(Col::kEnvironment).value_or(kProductionEnvironment);
      std::string title, text;
      if (*kind == AnnotationKind::kIncident) {
        title = absl::StrCat("Incident ", cell(Col::kIncidentId).value_or(""), " on ", service);
        text = end ? absl::StrCat("Resolved after ", HumanDuration(absl::ToDoubleSeconds(*end - at)))
                   : std::string("Still open");
      } else {
        title = absl::StrCat(*kind == AnnotationKind::kRollback  ? "Rollback of "
                             : *kind == AnnotationKind::kFailure ? "Failed deploy of "
                                                                 : "Deploy of ",
                             service);
        text = absl::StrCat(service, " ", Short(cell(Col::kCommitSha)), " to ", env);
        if (cell(Col::kHotfix).value_or("f") == "t") absl::StrAppend(&text, " (hotfix)");
        DORA_ASSIGN_OR_RETURN(std::optional<double> lead, DoubleCell(cell(Col::kLeadS)));
        if (lead) absl::StrAppend(&text, "; lead time ", HumanDuration(*lead));
      }
      const std::optional<std::string>& team = cell(Col::kTeam);
      std::string tags = absl::StrCat(kind_name, ",", service);
      if (team) absl::StrAppend(&tags, ",", *team);
      std::vector<Cell>& row = t.rows.emplace_back();
      row.reserve(t.columns.size());
      row.emplace_back(at);
      row.push_back(end ? Cell(*end) : Cell());
      row.emplace_back(std::move(title));
      row.emplace_back(std::move(text));
      row.emplace_back(std::move(tags));
      row.emplace_back(kind_name);
      row.emplace_back(service);
      row.push_back(team ? Cell(*team) : Cell());
      row.emplace_back(env);
      row.push_back(cell(Col::kUrl) ? Cell(*cell(Col::kUrl)) : Cell());
    }
    if (rows.rows.size() > n) {
      out->notices.push_back(
          {NoticeSeverity::kInfo, absl::StrCat("showing the first ", kMaxAnnotations,
                                               " annotations; narrow the time range or filter by service")});
    }
    return absl::OkStatus();
  }

  std::vector<Frame> Frames(const QueryResult& r, const std::string& ref_id, bool) const override {
    return OnlyFrame(PlainTableFrame(r, ref_id));
  }

  std::string DisplayName(const BoundQuery&) const override { return "annotations"; }
};

}  // namespace

const FormModule& AnnotationsForm() {
  static const AnnotationsFormModule* module = new AnnotationsFormModule();
  return *module;
}

}  // namespace dora
