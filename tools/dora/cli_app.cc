#include "cli_app.h"

#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli_format.h"
#include "command_support.h"
#include "common/phase_error.h"

namespace dora {
namespace {

constexpr const char* kFooter =
    "The commands that use the database read it from DATABASE_URL (a libpq\n"
    "keyword/value string or a postgresql:// URI). `dora <command> --help` or\n"
    "`dora help <command>` describes its flags; `dora --version` prints the version.";

// " — did you mean 'x'?" when `name` is a plausible typo of a candidate.
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates, const std::string& prefix) {
  const std::string near = SuggestNearest(name, candidates);
  return near.empty() ? "" : absl::StrCat(" \xE2\x80\x94 did you mean '", prefix, near, "'?");
}

std::vector<std::string> CommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

}  // namespace

template <typename Options>
void DoraCli::OnParsed(CLI::App* command, const Options* options,
                       int (*run)(const Options&, std::ostream&, std::ostream&)) {
  command->callback([this, options, run] {
    selected_ = [options, run](std::ostream& out, std::ostream& err) { return run(*options, out, err); };
  });
}

DoraCli::DoraCli(absl::Time now, std::string version) : app_("", "dora") {
  // Inherited by the subcommands added below: the formatter, the help flag,
  // last-value-wins, and leftovers kept for UnknownFlagError (which suggests)
  // and ArgumentsError.
  app_.formatter(std::make_shared<DoraHelpFormatter>());
  app_.set_help_flag("-h,--help", "print this help");
  app_.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app_.allow_extras();
  app_.require_subcommand(0, 1);
  app_.set_version_flag("-V,--version", "dora " + version, "print the version");

  OnParsed(AddMigrateCommand(app_, &options_.migrate), &options_.migrate, RunMigrate);
  OnParsed(AddQueryCommand(app_, &options_.query, now), &options_.query, RunQuery);
  OnParsed(AddReportCommand(app_, &options_.report, now), &options_.report, RunReport);
  OnParsed(AddVerifyCommand(app_, &options_.verify, now), &options_.verify, RunVerify);
  OnParsed(AddDemoCommand(app_, &options_.demo, now), &options_.demo, RunDemo);
  OnParsed(AddServeCommand(app_, &options_.serve), &options_.serve, RunServe);
  OnParsed(AddCatalogCommand(app_, &options_.catalog), &options_.catalog, RunCatalog);
  OnParsed(AddSettingsSchemaCommand(app_, &options_.settings_schema), &options_.settings_schema, RunSettingsSchema);

  // `dora help [command]`, answered by Parse; not listed among the commands.
  help_ = app_.add_subcommand("help", "print the help of dora or of a command");
  help_->group("");
  help_->add_option("command", help_topic_, "the command to describe (default: list the commands)")
      ->option_text("[<command>]");
  app_.footer(kFooter);  // after the subcommands, which would inherit it
}

std::string DoraCli::Help(const std::string& command) const {
  if (command.empty()) return app_.get_formatter()->make_help(&app_, app_.get_name(), CLI::AppFormatMode::Normal);
  for (const CLI::App* sub : app_.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == command) return sub->help(app_.get_name());
  }
  return "";
}

// What CLI11 leaves over in a command (allow_extras): unknown flags, and
// arguments past its positional; "--" itself is kept too.
std::string DoraCli::UnknownFlagError(const CLI::App* command) const {
  for (const std::string& extra : command->remaining()) {
    if (extra == "--" || extra.size() < 2 || extra[0] != '-') continue;
    std::string body = extra.substr(extra.rfind('-', 1) + 1);
    body = body.substr(0, body.find('='));
    std::vector<std::string> flags;
    for (const CLI::Option* opt : command->get_options()) {
      for (const std::string& name : opt->get_lnames()) flags.push_back(name);
    }
    return absl::StrCat("unknown flag '", extra, "'", DidYouMean(body, flags, "--"));
  }
  return "";
}

std::string DoraCli::ArgumentsError(const CLI::App* command) const {
  std::vector<std::string> extra;
  for (const std::string& arg : command->remaining()) {
    if (arg != "--") extra.push_back(arg);
  }
  // A command's positional (dora query's "<query>") is exactly one argument;
  // dora help's is optional.
  const auto positionals = command->get_options([](const CLI::Option* opt) { return opt->get_positional(); });
  if (command != help_ && !positionals.empty()) {
    const size_t given = positionals.front()->count() + extra.size();
    if (given == 1) return "";
    return absl::StrCat("expected exactly one ", positionals.front()->get_name(), " argument (quote it), got ", given);
  }
  return extra.empty() ? "" : absl::StrCat("unexpected argument '", extra.front(), "'");
}

int DoraCli::UsageError(std::ostream& err, const std::string& command, const std::string& message,
                        bool with_commands) const {
  err << "dora" << (command.empty() ? "" : " ") << command << ": " << message << "\n";
  if (with_commands) err << "\n" << Help("");
  return kExitUsage;
}

std::optional<int> DoraCli::Parse(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << Help("");
    return kExitUsage;
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes the arguments last first
  try {
    app_.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app_.help();  // the parsed command's, or the top level's
    return kExitOk;
  } catch (const CLI::CallForVersion& version) {
    out << version.what() << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // A refused value, a missing value or a missing required flag. An
    // unknown flag in the same command is the likelier cause: named first.
    const auto parsed = app_.get_subcommands();
    if (parsed.empty()) return UsageError(err, "", e.what(), true);
    const std::string unknown = UnknownFlagError(parsed.front());
    return UsageError(err, parsed.front()->get_name(), unknown.empty() ? e.what() : unknown, false);
  }
  const auto parsed = app_.get_subcommands();
  if (!app_.remaining().empty() || parsed.empty()) {
    const std::vector<std::string> rest = app_.remaining();
    if (rest.empty()) return UsageError(err, "", "expected a command", true);
    return UsageError(
        err, "", absl::StrCat("unknown command '", rest.front(), "'", DidYouMean(rest.front(), CommandNames(app_), "")),
        true);
  }
  const CLI::App* command = parsed.front();
  for (const std::string& problem : {UnknownFlagError(command), ArgumentsError(command)}) {
    if (!problem.empty()) return UsageError(err, command->get_name(), problem, false);
  }
  if (command == help_) {
    const std::string text = Help(help_topic_);
    if (text.empty()) {
      return UsageError(
          err, "help",
          absl::StrCat("unknown command '", help_topic_, "'", DidYouMean(help_topic_, CommandNames(app_), "")), true);
    }
    out << text;
    return kExitOk;
  }
  return selected_ ? std::nullopt : std::optional<int>(kExitUsage);
}

int DoraCli::Run(std::ostream& out, std::ostream& err) const { return selected_ ? selected_(out, err) : kExitUsage; }

int RunDora(const std::vector<std::string>& args, absl::Time now, const std::string& version, std::ostream& out,
            std::ostream& err) {
  DoraCli cli(now, version);
  if (std::optional<int> code = cli.Parse(args, out, err)) return *code;
  return cli.Run(out, err);
}

}  // namespace dora
