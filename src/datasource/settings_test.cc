#include "datasource/settings.h"

#include "gtest/gtest.h"

namespace dora {
namespace {

RawDataSourceSettings Raw() {
  RawDataSourceSettings r;
  r.uid = "ds1";
  r.url = "db.internal:5433";
  r.user = "grafana";
  r.json_data = R"({"database":"dora","sslmode":"require","minSample":3,"skewTolerance":"10m",
                   "incidentLinkWindow":"12h","maxOpenConns":"4","statementTimeout":"45s","bandProfile":"dora-2023"})";
  r.secure["password"] = "s3cr'et\\";
  return r;
}

TEST(SettingsTest, ParsesEverything) {
  auto s = ParseSettings(Raw());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->host, "db.internal");
  EXPECT_EQ(s->port, 5433);
  EXPECT_EQ(s->database, "dora");
  EXPECT_EQ(s->policy.min_sample, 3);
  EXPECT_EQ(s->policy.skew_tolerance, absl::Minutes(10));
  EXPECT_EQ(s->policy.incident_link_window, absl::Hours(12));
  EXPECT_EQ(s->policy.band_profile, "dora-2023");
  EXPECT_EQ(s->max_open_conns, 4);
  EXPECT_EQ(s->statement_timeout, absl::Seconds(45));
  EXPECT_EQ(s->ConnectionString(),
            "host='db.internal' port='5433' dbname='dora' user='grafana' sslmode='require' connect_timeout='10' "
            "application_name='grafana-dora-datasource' password='s3cr\\'et\\\\'");
}

TEST(SettingsTest, DefaultsAndHostForms) {
  RawDataSourceSettings r = Raw();
  r.json_data = R"({"database":"d"})";
  r.url = "[::1]:6000";
  auto s = ParseSettings(r);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->host, "::1");
  EXPECT_EQ(s->port, 6000);
  EXPECT_EQ(s->sslmode, "prefer");
  EXPECT_EQ(s->policy.min_sample, 5);
  r.url = "localhost";
  EXPECT_EQ(ParseSettings(r)->port, 5432);
  r.json_data = "";
  r.database = "legacy";
  EXPECT_EQ(ParseSettings(r)->database, "legacy");
}

TEST(SettingsTest, ErrorsNameTheField) {
  auto check = [](RawDataSourceSettings r, const std::string& field) {
    auto s = ParseSettings(r);
    ASSERT_FALSE(s.ok()) << field;
    EXPECT_EQ(SettingsErrorField(s.status()), field) << s.status();
  };
  RawDataSourceSettings r = Raw();
  r.url = "";
  check(r, "url");
  r = Raw();
  r.url = "host:99999";
  check(r, "url");
  r = Raw();
  r.user = "";
  check(r, "user");
  r = Raw();
  r.json_data = R"({"sslmode":"require"})";
  check(r, "jsonData.database");
  r = Raw();
  r.json_data = R"({"database":"d","minSample":0})";
  check(r, "jsonData.minSample");
  r = Raw();
  r.json_data = R"({"database":"d","skewTolerance":"5 minutes"})";
  check(r, "jsonData.skewTolerance");
  r = Raw();
  r.json_data = R"({"database":"d","bandProfile":"dora-1999"})";
  check(r, "jsonData.bandProfile");
  r = Raw();
  r.json_data = R"({"database":"d","sslmode":"sometimes"})";
  check(r, "jsonData.sslmode");
  r = Raw();
  r.json_data = "[1]";
  check(r, "jsonData");
}

}  // namespace
}  // namespace dora
