#include <sstream>

#include "command_support.h"
#include "commands.h"
#include "gtest/gtest.h"
#include "query/catalog_json.h"

namespace dora {
namespace {

TEST(CatalogCommandTest, PrintsTheCatalogDocument) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCatalog({"--json"}, out, err), kExitOk);
  EXPECT_EQ(out.str(), CatalogJson() + "\n");
  EXPECT_EQ(err.str(), "");
}

TEST(CatalogCommandTest, JsonIsRequiredAndAlone) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCatalog({}, out, err), kExitUsage);
  EXPECT_NE(err.str().find("--json is required"), std::string::npos) << err.str();
  EXPECT_EQ(RunCatalog({"--json", "extra"}, out, err), kExitUsage);
  EXPECT_EQ(RunCatalog({"--yaml"}, out, err), kExitUsage);
  EXPECT_EQ(out.str(), "");
}

TEST(CatalogCommandTest, Help) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCatalog({"--help"}, out, err), kExitOk);
  EXPECT_NE(out.str().find("usage: dora catalog --json"), std::string::npos);
}

}  // namespace
}  // namespace dora
