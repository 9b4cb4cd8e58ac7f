// dora query, dora report.
#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli_options.h"
#include "command_support.h"
#include "commands.h"
#include "common/time_spec.h"
#include "engine/format.h"
#include "engine/query_engine.h"
#include "engine/report.h"
#include "query/language.h"
#include "sql/sql_statement.h"

namespace dora {
namespace {

void PrintNotices(std::ostream& err, const std::vector<std::string>& notices) {
  for (const std::string& n : notices) err << "notice: " << n << "\n";
}

void PrintNotices(std::ostream& err, const std::vector<Notice>& notices) {
  for (const Notice& n : notices) err << "notice: " << n.text << "\n";
}

}  // namespace

CLI::App* AddQueryCommand(CLI::App& dora, QueryOptions* options, absl::Time now) {
  CLI::App* cmd = dora.add_subcommand("query", "run a DORA query, e.g. dora query \"lead_time p90 by service\"");
  cmd->add_option("query", options->text, "a query in the DORA query language; its forms are below")
      ->option_text("\"<query>\"");
  AddTimeRange(*cmd, &options->context, now, "now-30d");
  AddPolicyOptions(*cmd, &options->context.policy);
  AddOutputFormat(*cmd, &options->format);
  AddSwitch(*cmd, "--explain", &options->explain, "print the generated SQL and its parameters instead of running it");
  AddSwitch(*cmd, "--explain-psql", &options->explain_psql,
            "print the generated SQL with every parameter inlined, as a psql script, instead of running it");
  std::string forms = "query forms:\n";
  for (const std::string& line : QuerySynopsis()) absl::StrAppend(&forms, "  ", line, "\n");
  cmd->footer(absl::StrCat(forms,
                           "\ne.g. dora query \"lead_time p90 by service where team = 'payments' every 1w\"\n"
                           "See docs/query-language.md for the full language."));
  return cmd;
}

int RunQuery(const QueryOptions& options, std::ostream& out, std::ostream& err) {
  const std::string& text = options.text;
  auto compiled = Compile(text, options.context);
  if (!compiled.ok()) {
    PrintError(err, "query", compiled.status(), text);
    return kExitUsage;
  }
  if (options.explain) {
    out << "-- " << compiled->bound.normalized_text << "\n" << RenderForDisplay(compiled->statement) << "\n";
    return kExitOk;
  }
  if (options.explain_psql) {
    out << "-- " << compiled->bound.normalized_text << "\n" << RenderForPsql(compiled->statement);
    return kExitOk;
  }
  auto db = OpenDatabase();
  if (!db.ok()) {
    PrintError(err, "query", db.status());
    return kExitFailure;
  }
  QueryEngine engine(db->get());
  auto result = engine.Execute(*std::move(compiled));
  if (!result.ok()) {
    PrintError(err, "query", result.status(), text);
    return kExitFailure;
  }
  out << FormatTable(result->table, options.format);
  PrintNotices(err, result->notices);
  return kExitOk;
}

CLI::App* AddReportCommand(CLI::App& dora, ReportOptions* options, absl::Time now) {
  CLI::App* cmd = dora.add_subcommand(
      "report", "the per-service DORA report (deploys, frequency, lead time, CFR, recovery, rework)");
  AddTimeRange(*cmd, &options->context, now, "now-90d");
  AddPolicyOptions(*cmd, &options->context.policy);
  AddOutputFormat(*cmd, &options->format);
  cmd->footer("The five DORA metrics per service for the range (default: the last 90 days).");
  return cmd;
}

int RunReport(const ReportOptions& options, std::ostream& out, std::ostream& err) {
  const QueryContext& ctx = options.context;
  auto db = OpenDatabase();
  if (!db.ok()) {
    PrintError(err, "report", db.status());
    return kExitFailure;
  }
  QueryEngine engine(db->get());
  auto report = BuildServiceReport(engine, ctx);
  if (!report.ok()) {
    PrintError(err, "report", report.status());
    return kExitFailure;
  }
  if (options.format == OutputFormat::kTable) {
    out << "DORA report " << FormatRfc3339Utc(ctx.from) << " .. " << FormatRfc3339Utc(ctx.to) << " (band profile "
        << ctx.policy.band_profile << ", lead time band from the median)\n\n";
  }
  out << FormatTable(report->table, options.format);
  PrintNotices(err, report->notices);
  return kExitOk;
}

}  // namespace dora
