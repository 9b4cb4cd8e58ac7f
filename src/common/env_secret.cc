#include "common/env_secret.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace dora {

absl::StatusOr<std::optional<std::string>> SecretFromEnvironment(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v != nullptr && *v != '\0') return std::optional<std::string>(v);
  const std::string file_var = absl::StrCat(name, "_FILE");
  const char* f = std::getenv(file_var.c_str());
  if (f == nullptr || *f == '\0') return std::optional<std::string>();
  std::ifstream in(f);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(file_var, ": cannot read ", f));
  std::stringstream s;
  s << in.rdbuf();
  std::string value(absl::StripTrailingAsciiWhitespace(s.str()));
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(file_var, ": ", f, " is empty"));
  return std::optional<std::string>(value);
}

}  // namespace dora
