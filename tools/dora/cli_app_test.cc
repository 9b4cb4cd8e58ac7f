// The dora command line without a database: typed options, usage errors,
// help and version.
#include "cli_app.h"

#include <sstream>

#include "command_support.h"
#include "common/time_spec.h"
#include "gtest/gtest.h"

namespace dora {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1780000000);  // 2026-05-28T20:26:40Z
const std::vector<std::string> kCommands = {"migrate", "query", "report",  "verify",
                                            "demo",    "serve", "catalog", "settings-schema"};

struct Parsed {
  std::optional<int> code;
  std::string out, err;
};

Parsed Parse(DoraCli& cli, const std::vector<std::string>& args) {
  std::ostringstream out, err;
  Parsed p;
  p.code = cli.Parse(args, out, err);
  p.out = out.str();
  p.err = err.str();
  return p;
}

// Parses and runs, as main() does.
Parsed Dora(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  Parsed p;
  p.code = RunDora(args, kNow, "1.2.3", out, err);
  p.out = out.str();
  p.err = err.str();
  return p;
}

TEST(CliAppTest, QueryOptionsAreTyped) {
  DoraCli cli(kNow, "1.2.3");
  Parsed p = Parse(cli, {"query", "--from", "2026-05-01", "--to=now-1d", "--tz", "Europe/Berlin", "--interval", "1h",
                         "--min-sample", "8", "--band-profile", "DORA-2023", "--format", "csv", "deploys by team",
                         "--explain", "--skew-tolerance", "90s"});
  ASSERT_EQ(p.code, std::nullopt) << p.err;
  const QueryOptions& q = cli.options().query;
  EXPECT_EQ(q.text, "deploys by team");
  EXPECT_EQ(FormatRfc3339Utc(q.context.from), "2026-05-01T00:00:00Z");
  EXPECT_EQ(q.context.to, kNow - absl::Hours(24));
  EXPECT_EQ(q.context.time_zone, "Europe/Berlin");
  EXPECT_EQ(q.context.interval, absl::Hours(1));
  EXPECT_EQ(q.context.policy.min_sample, 8);
  EXPECT_EQ(q.context.policy.band_profile, "dora-2023");
  EXPECT_EQ(q.context.policy.skew_tolerance, absl::Seconds(90));
  EXPECT_EQ(q.format, OutputFormat::kCsv);
  EXPECT_TRUE(q.explain);
}

TEST(CliAppTest, DefaultsPerCommand) {
  DoraCli query(kNow, "");
  ASSERT_EQ(Parse(query, {"query", "deploys"}).code, std::nullopt);
  EXPECT_EQ(query.options().query.context.from, kNow - absl::Hours(24 * 30));
  EXPECT_EQ(query.options().query.context.to, kNow);
  EXPECT_EQ(query.options().query.format, OutputFormat::kTable);
  EXPECT_FALSE(query.options().query.explain);
  EXPECT_EQ(query.options().query.context.policy.min_sample, QueryPolicy().min_sample);
  DoraCli report(kNow, "");
  ASSERT_EQ(Parse(report, {"report"}).code, std::nullopt);
  EXPECT_EQ(report.options().report.context.from, kNow - absl::Hours(24 * 90));
  DoraCli verify(kNow, "");
  ASSERT_EQ(Parse(verify, {"verify", "--min-sample", "3"}).code, std::nullopt);
  EXPECT_EQ(verify.options().verify.context.from, kNow - absl::Hours(24 * 3650));
  EXPECT_EQ(verify.options().verify.context.policy.min_sample, 3);
}

TEST(CliAppTest, DemoServeMigrateAndSchemaOptionsAreTyped) {
  DoraCli demo(kNow, "");
  ASSERT_EQ(Parse(demo, {"demo", "--services", "3", "--days", "010", "--seed", "7", "--rate-scale", "2.5"}).code,
            std::nullopt);
  EXPECT_EQ(demo.options().demo.services, 3);
  EXPECT_EQ(demo.options().demo.days, 10);
  EXPECT_EQ(demo.options().demo.seed, 7u);
  EXPECT_EQ(demo.options().demo.deploy_rate_scale, 2.5);
  EXPECT_EQ(FormatRfc3339Utc(demo.options().demo.end), "2026-05-28T00:00:00Z");  // today 00:00 UTC
  DoraCli end(kNow, "");
  ASSERT_EQ(Parse(end, {"demo", "--end", "2026-06-01"}).code, std::nullopt);
  EXPECT_EQ(FormatRfc3339Utc(end.options().demo.end), "2026-06-01T00:00:00Z");
  EXPECT_EQ(end.options().demo.services, 12);

  DoraCli serve(kNow, "");
  ASSERT_EQ(Parse(serve, {"serve", "--listen", "0.0.0.0:0", "--threads", "8", "--request-timeout", "2m", "--env-alias",
                          "prod-eu=prod", "--spool-dir", "/tmp/spool", "--max-body=2048"})
                .code,
            std::nullopt);
  const ServeOptions& s = serve.options().serve;
  EXPECT_EQ(s.listen.host, "0.0.0.0");
  EXPECT_EQ(s.listen.port, 0);
  EXPECT_EQ(s.threads, 8);
  EXPECT_EQ(s.request_timeout, absl::Minutes(2));
  EXPECT_EQ(s.env_aliases, "prod-eu=prod");
  EXPECT_EQ(s.spool_dir, "/tmp/spool");
  EXPECT_EQ(s.max_body, 2048);
  EXPECT_EQ(s.idle_timeout, absl::Seconds(30));
  EXPECT_EQ(s.spool_max_bytes, int64_t{1} << 30);

  DoraCli migrate(kNow, "");
  ASSERT_EQ(Parse(migrate, {"migrate", "--create-roles", "--ingest-role", "ing", "--reader-role", "rd"}).code,
            std::nullopt);
  EXPECT_TRUE(migrate.options().migrate.create_roles);
  EXPECT_FALSE(migrate.options().migrate.print_roles);
  EXPECT_EQ(migrate.options().migrate.roles.ingest_role, "ing");
  EXPECT_EQ(migrate.options().migrate.roles.reader_role, "rd");

  DoraCli schema(kNow, "");
  ASSERT_EQ(Parse(schema, {"settings-schema", "--json"}).code, std::nullopt);
  EXPECT_TRUE(schema.options().settings_schema.json);
}

TEST(CliAppTest, LastValueWins) {
  DoraCli cli(kNow, "");
  ASSERT_EQ(Parse(cli, {"query", "--format", "json", "--format=csv", "deploys", "--explain", "--explain"}).code,
            std::nullopt);
  EXPECT_EQ(cli.options().query.format, OutputFormat::kCsv);
}

// A bad value is a usage error (2) naming the flag, printed before anything runs.
TEST(CliAppTest, RefusedValuesNameTheFlag) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"serve", "--threads", "0"}, "dora serve: --threads: takes a whole number from 1 to 4096, got '0'"},
      {{"serve", "--db-writers", "65"}, "dora serve: --db-writers: takes a whole number from 1 to 64, got '65'"},
      {{"serve", "--idle-timeout", "0s"}, "dora serve: --idle-timeout: takes a duration from 1s to 1h, got '0s'"},
      {{"serve", "--listen", "localhost"}, "dora serve: --listen: takes HOST:PORT, got 'localhost'"},
      {{"serve", "--env-alias", "prod"}, "dora serve: --env-alias: environment alias 'prod' is not of the form"},
      {{"demo", "--rate-scale", "0"}, "dora demo: --rate-scale: takes a positive number, got '0'"},
      {{"demo", "--services", "0"}, "dora demo: --services: takes a whole number from 1 to 10000, got '0'"},
      {{"demo", "--end", "later"}, "dora demo: --end: invalid time 'later'"},
      {{"query", "--min-sample", "0", "deploys"}, "dora query: --min-sample: must be a whole number from 1 to 1000000"},
      {{"query", "--band-profile", "nope", "deploys"}, "dora query: --band-profile: unknown value 'nope'"},
      {{"report", "--incident-window", "0s"}, "dora report: --incident-window: must be positive"},
      {{"verify", "--failure-signals", "oops"}, "dora verify: --failure-signals: "},
      {{"query", "--format", "xml", "deploys"}, "dora query: --format: unknown format 'xml'"},
      {{"query", "--from", "yesterday", "deploys"}, "dora query: --from: invalid time 'yesterday'"},
      {{"query", "--from"}, "dora query: --from"},
      {{"migrate", "--reader-role", "Robert'); DROP"}, "dora migrate: --reader-role: role name 'Robert'); DROP' must"},
      {{"catalog"}, "dora catalog: --json is required"},
      {{"settings-schema", "--json", "--markdown"}, "dora settings-schema: --json excludes --markdown"},
  };
  for (const auto& [args, want] : cases) {
    Parsed p = Dora(args);
    EXPECT_EQ(p.code, kExitUsage) << args[1];
    EXPECT_EQ(p.err.rfind(want, 0), 0u) << "want: " << want << "\ngot:  " << p.err;
    EXPECT_EQ(p.out, "");
  }
}

TEST(CliAppTest, UnknownFlagsSuggestTheNearest) {
  Parsed p = Dora({"query", "--formt", "json", "deploys"});
  EXPECT_EQ(p.code, kExitUsage);
  EXPECT_EQ(p.err, "dora query: unknown flag '--formt' \xE2\x80\x94 did you mean '--format'?\n");
  Parsed report = Dora({"report", "--fromm=now-1d"});
  EXPECT_EQ(report.err, "dora report: unknown flag '--fromm=now-1d' \xE2\x80\x94 did you mean '--from'?\n");
  // Named before a refused value of the same command.
  Parsed both = Dora({"query", "--min-sample", "0", "--explian", "deploys"});
  EXPECT_EQ(both.err, "dora query: unknown flag '--explian' \xE2\x80\x94 did you mean '--explain'?\n");
  EXPECT_EQ(Dora({"serve", "--zzzzzz"}).err, "dora serve: unknown flag '--zzzzzz'\n");
}

TEST(CliAppTest, Arguments) {
  EXPECT_EQ(Dora({"query"}).err, "dora query: expected exactly one query argument (quote it), got 0\n");
  EXPECT_EQ(Dora({"query", "lead_time", "p90"}).err,
            "dora query: expected exactly one query argument (quote it), got 2\n");
  Parsed extra = Dora({"migrate", "now"});
  EXPECT_EQ(extra.code, kExitUsage);
  EXPECT_EQ(extra.err, "dora migrate: unexpected argument 'now'\n");
  EXPECT_EQ(Dora({"catalog", "--json", "extra"}).err, "dora catalog: unexpected argument 'extra'\n");
  DoraCli cli(kNow, "");
  ASSERT_EQ(Parse(cli, {"query", "--explain", "--", "-odd"}).code, std::nullopt);
  EXPECT_EQ(cli.options().query.text, "-odd");
}

TEST(CliAppTest, HelpForEveryCommandComesFromItsDefinition) {
  for (const std::string& command : kCommands) {
    SCOPED_TRACE(command);
    Parsed help = Dora({"help", command});
    EXPECT_EQ(help.code, kExitOk);
    EXPECT_EQ(help.out.rfind("usage: dora " + command, 0), 0u) << help.out;
    EXPECT_EQ(help.err, "");
    EXPECT_EQ(Dora({command, "--help"}).out, help.out);
    EXPECT_EQ(Dora({command, "-h"}).out, help.out);
    DoraCli cli(kNow, "");
    EXPECT_EQ(cli.Help(command), help.out);
    // Every flag of the command is described.
    EXPECT_NE(help.out.find("\nflags:\n"), std::string::npos);
    for (const CLI::Option* opt : cli.app().get_subcommand(command)->get_options()) {
      for (const std::string& name : opt->get_lnames()) {
        if (name != "help") {
          EXPECT_NE(help.out.find("  --" + name), std::string::npos) << name;
        }
      }
    }
  }
  const std::string query = Dora({"help", "query"}).out;
  EXPECT_EQ(query.rfind("usage: dora query [flags] \"<query>\"\n", 0), 0u) << query;
  EXPECT_NE(query.find("query forms:\n  <metric> [stat] [by <dims>]"), std::string::npos) << query;
  EXPECT_NE(query.find("--min-sample N"), std::string::npos);
  EXPECT_NE(query.find("a whole number from 1 to 1000000 (default 5)"), std::string::npos) << query;
  EXPECT_NE(query.find("--from T"), std::string::npos);
  EXPECT_NE(query.find("(default now-30d)"), std::string::npos);
  EXPECT_NE(query.find("--format FMT"), std::string::npos);
  EXPECT_NE(query.find("docs/query-language.md"), std::string::npos);
  EXPECT_EQ(query.find("--help"), std::string::npos);
  const std::string serve = Dora({"help", "serve"}).out;
  EXPECT_NE(serve.find("--threads N"), std::string::npos);
  EXPECT_NE(serve.find("a whole number from 1 to 4096 (default 64)"), std::string::npos) << serve;
  EXPECT_NE(serve.find("a duration from 1s to 1h (default 30s)"), std::string::npos) << serve;
  EXPECT_NE(serve.find("GH_WEBHOOK_SECRET"), std::string::npos);
  EXPECT_EQ(Dora({"help", "catalog"}).out.rfind("usage: dora catalog --json\n", 0), 0u);
}

TEST(CliAppTest, TopLevelHelpListsTheCommands) {
  Parsed help = Dora({"help"});
  EXPECT_EQ(help.code, kExitOk);
  EXPECT_EQ(help.out.rfind("usage: dora <command> [flags]\n", 0), 0u) << help.out;
  EXPECT_NE(help.out.find("  query            run a DORA query"), std::string::npos) << help.out;
  for (const std::string& command : kCommands) EXPECT_NE(help.out.find("\n  " + command + " "), std::string::npos);
  EXPECT_EQ(help.out.find("\n  help"), std::string::npos);
  EXPECT_NE(help.out.find("DATABASE_URL"), std::string::npos);
  EXPECT_EQ(Dora({"--help"}).out, help.out);
  EXPECT_EQ(Dora({"-h"}).out, help.out);
  Parsed none = Dora({});
  EXPECT_EQ(none.code, kExitUsage);
  EXPECT_EQ(none.err, help.out);
}

TEST(CliAppTest, VersionAndUnknownCommands) {
  EXPECT_EQ(Dora({"--version"}).out, "dora 1.2.3\n");
  EXPECT_EQ(Dora({"-V"}).code, kExitOk);
  Parsed unknown = Dora({"frobnicate"});
  EXPECT_EQ(unknown.code, kExitUsage);
  EXPECT_EQ(unknown.err.rfind("dora: unknown command 'frobnicate'\n\nusage: dora <command>", 0), 0u) << unknown.err;
  EXPECT_EQ(Dora({"qurey", "deploys"}).err.rfind("dora: unknown command 'qurey' \xE2\x80\x94 did you mean 'query'?", 0),
            0u);
  Parsed help = Dora({"help", "nosuch"});
  EXPECT_EQ(help.code, kExitUsage);
  EXPECT_EQ(help.err.rfind("dora help: unknown command 'nosuch'\n", 0), 0u) << help.err;
  EXPECT_EQ(Dora({"help", "query", "extra"}).code, kExitUsage);
}

// Commands that need no database run from the parsed options.
TEST(CliAppTest, RunsTheSelectedCommand) {
  Parsed explain = Dora({"query", "--explain", "--min-sample", "3", "deploys by team"});
  EXPECT_EQ(explain.code, kExitOk) << explain.err;
  EXPECT_EQ(explain.out.rfind("-- deploys by team", 0), 0u) << explain.out;
  Parsed psql = Dora({"query", "--explain-psql", "deploys where team = 'o''b' every 1d"});
  EXPECT_EQ(psql.code, kExitOk) << psql.err;
  EXPECT_NE(psql.out.find("\nBEGIN;\n"), std::string::npos) << psql.out;
  EXPECT_NE(psql.out.find("'o''b'::text"), std::string::npos) << psql.out;
  EXPECT_EQ(psql.out.find("$1::"), std::string::npos) << psql.out;
  EXPECT_NE(psql.out.find(";\nROLLBACK;\n"), std::string::npos) << psql.out;
  Parsed bad = Dora({"query", "lead_tme p90"});
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_NE(bad.err.find("did you mean 'lead_time'?"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("^^^^^^^^"), std::string::npos) << bad.err;
  Parsed roles = Dora({"migrate", "--print-roles", "--ingest-role", "same", "--reader-role", "same"});
  EXPECT_EQ(roles.code, kExitUsage);
  EXPECT_EQ(roles.err, "dora migrate: the ingest and reader roles must differ\n");
  Parsed markdown = Dora({"settings-schema"});
  EXPECT_EQ(markdown.code, kExitOk);
  EXPECT_EQ(markdown.out.rfind("| setting | CLI flag |", 0), 0u);
}

}  // namespace
}  // namespace dora
