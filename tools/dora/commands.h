// The dora subcommands. Each takes its arguments (after the subcommand name)
// and returns the process exit code; see command_support.h for the codes.
#ifndef DORA_TOOLS_DORA_COMMANDS_H_
#define DORA_TOOLS_DORA_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace dora {

using Args = std::vector<std::string>;

int RunMigrate(const Args& args, std::ostream& out, std::ostream& err);
int RunQuery(const Args& args, std::ostream& out, std::ostream& err);
int RunReport(const Args& args, std::ostream& out, std::ostream& err);
int RunVerify(const Args& args, std::ostream& out, std::ostream& err);
int RunDemo(const Args& args, std::ostream& out, std::ostream& err);
int RunServe(const Args& args, std::ostream& out, std::ostream& err);
int RunCatalog(const Args& args, std::ostream& out, std::ostream& err);
int RunSettingsSchema(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace dora

#endif  // DORA_TOOLS_DORA_COMMANDS_H_
