// Secrets from the environment, never from the command line: NAME, or the
// file named by NAME_FILE (for Docker and Kubernetes secrets).
#ifndef DORA_COMMON_ENV_SECRET_H_
#define DORA_COMMON_ENV_SECRET_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace dora {

// The value of NAME when set and non-empty, else the contents of the file
// NAME_FILE names (trailing whitespace trimmed), else nullopt. An unreadable
// or empty file is InvalidArgument naming the variable and the file.
absl::StatusOr<std::optional<std::string>> SecretFromEnvironment(const std::string& name);

}  // namespace dora

#endif  // DORA_COMMON_ENV_SECRET_H_
