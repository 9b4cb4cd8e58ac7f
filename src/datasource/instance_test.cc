#include "datasource/instance.h"

#include "gtest/gtest.h"
#include "store/test_hosts_file.h"

namespace dora {
namespace {

RawDataSourceSettings Raw(const std::string& url) {
  RawDataSourceSettings r;
  r.uid = "ds";
  r.url = url;
  r.user = "grafana";
  r.json_data = R"({"database":"dora","sslmode":"disable"})";
  r.last_updated_ms = 1;
  return r;
}

// What each kind of host becomes for libpq: a name is resolved by the plugin
// (here from a test hosts file) into hostaddr, keeping the name in host; an
// address is passed as both; a socket directory as host alone.
class InstanceConnectionTest : public testing::Test {
 protected:
  void SetUp() override { options_.resolver_lookups = "f"; }

  absl::StatusOr<std::string> ConnectionString(const std::string& url) {
    InstanceCache cache(options_);
    auto instance = cache.Get(Raw(url));
    if (!instance.ok()) return instance.status();
    return (*instance)->ConnectionString();
  }

  TestHostsFile hosts_{"192.0.2.20 pg.dora.test\n"};
  InstanceOptions options_;
};

TEST_F(InstanceConnectionTest, NameIsResolvedIntoHostaddr) {
  auto s = ConnectionString("pg.dora.test:6432");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->rfind("host='pg.dora.test' hostaddr='192.0.2.20' port='6432' ", 0), 0u) << *s;
}

TEST_F(InstanceConnectionTest, AddressAndSocketNeedNoLookup) {
  auto numeric = ConnectionString("10.9.8.7:5432");
  ASSERT_TRUE(numeric.ok()) << numeric.status();
  EXPECT_EQ(numeric->rfind("host='10.9.8.7' hostaddr='10.9.8.7' port='5432' ", 0), 0u) << *numeric;
  auto socket = ConnectionString("/var/run/postgresql");
  ASSERT_TRUE(socket.ok()) << socket.status();
  EXPECT_EQ(socket->rfind("host='/var/run/postgresql' port='5432' ", 0), 0u) << *socket;
}

TEST_F(InstanceConnectionTest, UnknownNameFailsWhenConnecting) {
  auto s = ConnectionString("nowhere.dora.test:5432");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(std::string(s.status().message()).find("resolving host 'nowhere.dora.test'"), std::string::npos)
      << s.status();
}

}  // namespace
}  // namespace dora
