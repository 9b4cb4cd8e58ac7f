#include "datasource/resources.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace dora {
namespace {

absl::StatusOr<std::shared_ptr<DataSourceInstance>> NoInstance() {
  return absl::InvalidArgumentError("settings error: url: is empty");
}

TEST(ResourcesTest, CatalogListsTheLanguage) {
  ResourceResponse r = HandleResource(NoInstance(), {"GET", "/catalog", ""});
  ASSERT_EQ(r.code, 200);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["metrics"].size(), 8u);
  EXPECT_EQ(j["metrics"][2]["name"], "lead_time");
  EXPECT_EQ(j["metrics"][2]["takesStat"], true);
  EXPECT_EQ(j["dimensions"], nlohmann::json({"service", "team", "environment"}));
  EXPECT_EQ(j["bandProfiles"][0]["id"], "dora-2024");
}

TEST(ResourcesTest, ValidateReturnsPositionOrNormalizedText) {
  ResourceResponse ok = HandleResource(NoInstance(), {"POST", "validate", R"({"expr":"LEAD_TIME P90 BY service"})"});
  ASSERT_EQ(ok.code, 200);
  EXPECT_EQ(nlohmann::json::parse(ok.body),
            nlohmann::json::parse(R"({"valid":true,"normalized":"lead_time p90 by service"})"));
  ResourceResponse bad = HandleResource(NoInstance(), {"POST", "validate", R"({"expr":"lead_tme p90"})"});
  auto j = nlohmann::json::parse(bad.body);
  EXPECT_EQ(j["valid"], false);
  EXPECT_EQ(j["error"]["phase"], "bind");
  EXPECT_EQ(j["error"]["position"], 1);
  EXPECT_EQ(j["error"]["length"], 8);
  EXPECT_EQ(j["error"]["suggestion"], "lead_time");
  EXPECT_EQ(HandleResource(NoInstance(), {"POST", "validate", "not json"}).code, 400);
}

TEST(ResourcesTest, RoutingErrors) {
  EXPECT_EQ(HandleResource(NoInstance(), {"GET", "nope", ""}).code, 404);
  EXPECT_EQ(HandleResource(NoInstance(), {"POST", "catalog", ""}).code, 405);
  EXPECT_EQ(HandleResource(NoInstance(), {"GET", "validate", ""}).code, 405);
  ResourceResponse services = HandleResource(NoInstance(), {"GET", "services", ""});
  EXPECT_EQ(services.code, 400);  // settings are broken: say so
  EXPECT_NE(services.body.find("settings error: url"), std::string::npos);
}

}  // namespace
}  // namespace dora
