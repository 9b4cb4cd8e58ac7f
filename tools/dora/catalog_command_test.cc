#include <sstream>

#include "cli_app.h"
#include "command_support.h"
#include "gtest/gtest.h"
#include "query/catalog_json.h"

namespace dora {
namespace {

int Dora(const std::vector<std::string>& args, std::ostringstream& out, std::ostringstream& err) {
  return RunDora(args, absl::Now(), "test", out, err);
}

TEST(CatalogCommandTest, PrintsTheCatalogDocument) {
  std::ostringstream out, err;
  EXPECT_EQ(Dora({"catalog", "--json"}, out, err), kExitOk);
  EXPECT_EQ(out.str(), CatalogJson() + "\n");
  EXPECT_EQ(err.str(), "");
}

TEST(CatalogCommandTest, JsonIsRequiredAndAlone) {
  std::ostringstream out, err;
  EXPECT_EQ(Dora({"catalog"}, out, err), kExitUsage);
  EXPECT_NE(err.str().find("--json is required"), std::string::npos) << err.str();
  EXPECT_EQ(Dora({"catalog", "--json", "extra"}, out, err), kExitUsage);
  EXPECT_EQ(Dora({"catalog", "--yaml"}, out, err), kExitUsage);
  EXPECT_EQ(Dora({"catalog", "--json=false"}, out, err), kExitUsage);
  EXPECT_EQ(out.str(), "");
}

TEST(CatalogCommandTest, Help) {
  std::ostringstream out, err;
  EXPECT_EQ(Dora({"catalog", "--help"}, out, err), kExitOk);
  EXPECT_NE(out.str().find("usage: dora catalog --json"), std::string::npos);
}

}  // namespace
}  // namespace dora
