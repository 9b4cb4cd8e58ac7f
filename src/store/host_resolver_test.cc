#include "store/host_resolver.h"

#include <algorithm>

#include "gtest/gtest.h"
#include "store/test_hosts_file.h"

namespace dora {
namespace {

TEST(HostResolverTest, Classifies) {
  EXPECT_EQ(ClassifyHost("/var/run/postgresql"), HostKind::kUnixSocket);
  EXPECT_EQ(ClassifyHost("@abstract"), HostKind::kUnixSocket);
  EXPECT_EQ(ClassifyHost("10.1.2.3"), HostKind::kNumeric);
  EXPECT_EQ(ClassifyHost("fd00::1"), HostKind::kNumeric);
  EXPECT_EQ(ClassifyHost("db.internal"), HostKind::kName);
  EXPECT_EQ(ClassifyHost("10.1.2"), HostKind::kName);  // not a full dotted quad
}

TEST(HostResolverTest, NumericHostsNeedNoLookup) {
  auto a = ResolveHost("192.0.2.10");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(*a, std::vector<std::string>{"192.0.2.10"});
  EXPECT_FALSE(ResolveHost("/tmp").ok());
}

// c-ares reads the hosts file itself (CARES_HOSTS points it at a test copy):
// what a static binary in a container with only /etc/hosts relies on.
class HostsFileTest : public testing::Test {
 protected:
  TestHostsFile hosts_{
      "# test hosts\n"
      "127.0.0.1 localhost\n"
      "192.0.2.7 db.dora.test db\n"
      "2001:db8::7 db.dora.test\n"
      "192.0.2.8 replica.dora.test\n"};
};

TEST_F(HostsFileTest, ResolvesBothFamiliesFromTheHostsFile) {
  HostResolverOptions options;
  options.lookups = "f";
  auto a = ResolveHost("db.dora.test", options);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->size(), 2u);
  EXPECT_NE(std::find(a->begin(), a->end(), "192.0.2.7"), a->end());
  EXPECT_NE(std::find(a->begin(), a->end(), "2001:db8::7"), a->end());
  auto alias = ResolveHost("db", options);
  ASSERT_TRUE(alias.ok()) << alias.status();
  EXPECT_EQ(*alias, std::vector<std::string>{"192.0.2.7"});
}

TEST_F(HostsFileTest, UnknownNameIsUnavailableAndSaysWhere) {
  HostResolverOptions options;
  options.lookups = "f";
  auto a = ResolveHost("nowhere.dora.test", options);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(std::string(a.status().message()).find("resolving host 'nowhere.dora.test'"), std::string::npos)
      << a.status();
  EXPECT_NE(std::string(a.status().message()).find("/etc/hosts"), std::string::npos) << a.status();
}

}  // namespace
}  // namespace dora
