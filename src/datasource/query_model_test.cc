#include "datasource/query_model.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

TEST(QueryModelTest, ReadsTheFieldsThePluginUses) {
  auto m =
      ParseQueryModel(R"({"refId":"A","expr":"deploys","hide":false,"timezone":"Europe/Berlin","editorMode":"code"})");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->expr, "deploys");
  EXPECT_FALSE(m->hide);
  EXPECT_EQ(*m->timezone, "Europe/Berlin");
  auto empty = ParseQueryModel("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->expr, "");
  EXPECT_TRUE(ParseQueryModel(R"({"expr":null,"hide":null,"timezone":null})").ok());
  // Queries saved before the editor's Format toggle was removed carry `format`; it is not read.
  auto saved = ParseQueryModel(R"({"refId":"A","expr":"deploys","format":"table"})");
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->expr, "deploys");
}

TEST(QueryModelTest, WrongTypesNameTheFieldInsteadOfThrowing) {
  struct Case {
    const char* json;
    const char* message;
  } cases[] = {
      {R"({"hide":"yes"})", "`hide` must be true or false, not \"yes\""},
      {R"({"hide":1})", "`hide` must be true or false, not 1"},
      {R"({"expr":["deploys"]})", "`expr` must be a string"},
      {R"({"expr":{"a":1}})", "`expr` must be a string"},
      {R"({"expr":"deploys","timezone":7})", "`timezone` must be a string"},
      {R"([1,2])", "not a JSON object"},
      {R"("deploys")", "not a JSON object"},
      {"{\"expr\":", "not valid JSON: parse error at line 1, column 9"},
  };
  for (const Case& c : cases) {
    auto m = ParseQueryModel(c.json);
    ASSERT_FALSE(m.ok()) << c.json;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(m.status().message().find(c.message), std::string::npos) << c.json << ": " << m.status();
  }
  // A long value is shortened in the message.
  auto long_value = ParseQueryModel(R"({"hide":")" + std::string(500, 'x') + R"("})");
  ASSERT_FALSE(long_value.ok());
  EXPECT_LT(long_value.status().message().size(), 120u);
}

}  // namespace
}  // namespace dora

namespace dora {
namespace {

// The whole model is read: a NUL byte does not end it early, and nothing may
// follow the object.
TEST(QueryModelBytesTest, NulBytesAndTrailingJunkAreRefused) {
  EXPECT_FALSE(ParseQueryModel(std::string("{\"expr\":\"deploys\"}\0junk", 24)).ok());
  EXPECT_FALSE(ParseQueryModel("{\"expr\":\"deploys\"} junk").ok());
  EXPECT_FALSE(ParseQueryModel("{\"expr\":\"deploys\"}{}").ok());
  auto nul_inside = ParseQueryModel(std::string("{\"expr\":\"depl\0oys\"}", 19));
  EXPECT_FALSE(nul_inside.ok());
  EXPECT_TRUE(ParseQueryModel("  {\"expr\":\"deploys\"}\n").ok());
}

}  // namespace
}  // namespace dora
