#include "metrics/environments.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(EnvironmentAliasesTest, BuiltInVocabularyFoldsCaseAndAliases) {
  const EnvironmentAliases& v = EnvironmentAliases::Default();
  for (const char* raw : {"prod", "production", "Production", " PROD ", "prd", "live", "Live"}) {
    EXPECT_EQ(v.Canonical(raw), "prod") << raw;
    EXPECT_TRUE(v.IsProduction(raw)) << raw;
  }
  EXPECT_EQ(v.Canonical("Staging"), "staging");
  EXPECT_FALSE(v.IsProduction("staging"));
  EXPECT_EQ(v.Canonical("  "), "");
}

TEST(EnvironmentAliasesTest, SpecAddsOverridesAndDisables) {
  EnvironmentAliases v;
  ASSERT_TRUE(v.AddFromSpec("prod-eu=prod, Stage=staging,live=live").ok());
  EXPECT_EQ(v.Canonical("PROD-EU"), "prod");
  EXPECT_EQ(v.Canonical("stage"), "staging");
  EXPECT_EQ(v.Canonical("live"), "live");  // the built-in alias was turned off
  EXPECT_EQ(v.Canonical("production"), "prod");
}

TEST(EnvironmentAliasesTest, MalformedSpecNamesTheEntryAndAddsNothing) {
  EnvironmentAliases v;
  absl::Status s = v.AddFromSpec("prod-eu=prod,staging");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'staging'"), std::string::npos) << s;
  EXPECT_EQ(v.Canonical("prod-eu"), "prod-eu");
  EXPECT_FALSE(v.AddFromSpec("=prod").ok());
  EXPECT_FALSE(v.AddFromSpec("a=b=c").ok());
}

}  // namespace
}  // namespace dora
