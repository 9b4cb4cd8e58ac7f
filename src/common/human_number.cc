#include "common/human_number.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dora {

std::string HumanNumber(double v) {
  std::string s = absl::StrFormat("%.3f", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string HumanDuration(double seconds) {
  double a = std::fabs(seconds);
  if (a < 60) return absl::StrCat(HumanNumber(seconds), "s");
  if (a < 3600) return absl::StrFormat("%.1fm", seconds / 60);
  if (a < 86400) return absl::StrFormat("%.1fh", seconds / 3600);
  return absl::StrFormat("%.1fd", seconds / 86400);
}

}  // namespace dora
