// dora settings-schema: the settings schema (settings/settings_schema.h) as
// JSON for the config editor (--json, what the build writes to
// plugin/frontend/src/generated/settings.json) or as the Markdown table of
// docs/plugin-readme.md (--markdown, the default).
#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "cli_options.h"
#include "command_support.h"
#include "commands.h"
#include "settings/settings_schema.h"
#include "settings/settings_schema_json.h"

namespace dora {
namespace {

std::string Cell(const std::string& text) { return absl::StrReplaceAll(text, {{"|", "\\|"}, {"\n", " "}}); }

std::string Code(const std::string& text) { return text.empty() ? "" : absl::StrCat("`", text, "`"); }

void PrintMarkdown(std::ostream& out) {
  out << "| setting | CLI flag | accepts | default | meaning |\n|---|---|---|---|---|\n";
  for (const SettingSpec& s : AllSettings()) {
    std::string accepts = SettingRuleText(s);
    if (s.type == SettingType::kString) accepts = s.secure() ? "text, stored encrypted" : "text";
    if (s.required) absl::StrAppend(&accepts, ", required");
    out << "| " << s.label << " (" << Code(s.Field()) << ") | " << Code(s.Flag()) << " | " << Cell(accepts) << " | "
        << Code(s.default_text) << " | " << Cell(s.description) << " |\n";
  }
}

}  // namespace

CLI::App* AddSettingsSchemaCommand(CLI::App& dora, SettingsSchemaOptions* options) {
  CLI::App* cmd = dora.add_subcommand("settings-schema",
                                      "every data source setting and policy flag (--json for the config editor)");
  CLI::Option* json =
      AddSwitch(*cmd, "--json", &options->json, "print the schema as JSON (what the config editor reads)");
  AddSwitch(*cmd, "--markdown", &options->markdown, "print the settings table of docs/plugin-readme.md (the default)")
      ->excludes(json);
  cmd->footer(
      "Prints every data source setting and CLI policy flag: type, range or allowed values, default, "
      "description.");
  return cmd;
}

int RunSettingsSchema(const SettingsSchemaOptions& options, std::ostream& out, std::ostream&) {
  if (options.json) {
    out << SettingsSchemaJson().dump(2) << "\n";
  } else {
    PrintMarkdown(out);
  }
  return kExitOk;
}

}  // namespace dora
