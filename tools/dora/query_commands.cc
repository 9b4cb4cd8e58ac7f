// dora query, dora report.
#include "absl/strings/str_cat.h"
#include "command_support.h"
#include "commands.h"
#include "common/time_spec.h"
#include "engine/format.h"
#include "engine/query_engine.h"
#include "engine/report.h"
#include "sql/sql_statement.h"

namespace dora {
namespace {

std::vector<FlagSpec> QueryFlags() {
  std::vector<FlagSpec> f = TimeRangeFlags("now-30d");
  for (FlagSpec& p : PolicyFlags()) f.push_back(p);
  f.push_back({"format", true, "FMT", "table, json or csv (default table)"});
  f.push_back({"explain", false, "", "print the generated SQL and its parameters instead of running it"});
  return f;
}

std::vector<FlagSpec> ReportFlags() {
  std::vector<FlagSpec> f = TimeRangeFlags("now-90d");
  for (FlagSpec& p : PolicyFlags()) f.push_back(p);
  f.push_back({"format", true, "FMT", "table, json or csv (default table)"});
  return f;
}

void PrintNotices(std::ostream& err, const std::vector<std::string>& notices) {
  for (const std::string& n : notices) err << "notice: " << n << "\n";
}

void PrintNotices(std::ostream& err, const std::vector<Notice>& notices) {
  for (const Notice& n : notices) err << "notice: " << n.text << "\n";
}

}  // namespace

int RunQuery(const Args& raw, std::ostream& out, std::ostream& err) {
  const std::vector<FlagSpec> specs = QueryFlags();
  auto args = ParseArgs(raw, specs);
  if (!args.ok()) {
    PrintError(err, "query", args.status());
    return kExitUsage;
  }
  if (args->Has("help")) {
    out << "usage: dora query [flags] \"<query>\"\n\n"
           "  <query>: metric [stat] [by dims] [where conditions] [every 1h|1d|1w|auto] [band distribution]\n"
           "  e.g.     lead_time p90 by service where team = 'payments' every 1w\n\n"
        << FlagsHelp(specs) << "\nSee docs/query-language.md for the full language.\n";
    return kExitOk;
  }
  if (args->positional.size() != 1) {
    err << "dora query: expected exactly one query argument (quote it), got " << args->positional.size() << "\n";
    return kExitUsage;
  }
  const std::string text = args->positional[0];
  auto format = ParseOutputFormat(args->Get("format", "table"));
  auto ctx = ContextFromArgs(*args, "now-30d");
  if (!format.ok() || !ctx.ok()) {
    PrintError(err, "query", !format.ok() ? format.status() : ctx.status());
    return kExitUsage;
  }
  auto compiled = Compile(text, *ctx);
  if (!compiled.ok()) {
    PrintError(err, "query", compiled.status(), text);
    return kExitUsage;
  }
  if (args->Has("explain")) {
    out << "-- " << compiled->bound.normalized_text << "\n" << RenderForDisplay(compiled->statement) << "\n";
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
  out << FormatTable(result->table, *format);
  PrintNotices(err, result->notices);
  return kExitOk;
}

int RunReport(const Args& raw, std::ostream& out, std::ostream& err) {
  const std::vector<FlagSpec> specs = ReportFlags();
  auto args = ParseArgs(raw, specs);
  if (!args.ok()) {
    PrintError(err, "report", args.status());
    return kExitUsage;
  }
  if (args->Has("help")) {
    out << "usage: dora report [flags]\n\nThe five DORA metrics per service for the range "
           "(default: the last 90 days).\n\n"
        << FlagsHelp(specs);
    return kExitOk;
  }
  auto format = ParseOutputFormat(args->Get("format", "table"));
  auto ctx = ContextFromArgs(*args, "now-90d");
  if (!format.ok() || !ctx.ok()) {
    PrintError(err, "report", !format.ok() ? format.status() : ctx.status());
    return kExitUsage;
  }
  auto db = OpenDatabase();
  if (!db.ok()) {
    PrintError(err, "report", db.status());
    return kExitFailure;
  }
  QueryEngine engine(db->get());
  auto report = BuildServiceReport(engine, *ctx);
  if (!report.ok()) {
    PrintError(err, "report", report.status());
    return kExitFailure;
  }
  if (*format == OutputFormat::kTable) {
    out << "DORA report " << FormatRfc3339Utc(ctx->from) << " .. " << FormatRfc3339Utc(ctx->to) << " (band profile "
        << ctx->policy.band_profile << ", lead time band from the median)\n\n";
  }
  out << FormatTable(report->table, *format);
  PrintNotices(err, report->notices);
  return kExitOk;
}

}  // namespace dora
