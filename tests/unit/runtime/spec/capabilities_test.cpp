#include "runtime/spec/capabilities.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/error.hpp"
#include "runtime/spec/docker_defaults.hpp"

namespace berth::runtime {
namespace {

using Strings = std::vector<std::string>;

bool has(const Strings& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string error_of(const Strings& add, const Strings& drop) {
  try {
    effective_capabilities(add, drop, 40);
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.exit_code(), 125);
    return e.what();
  }
  return "";
}

TEST(Capabilities, NamesAreNormalizedAsDockerDoes) {
  EXPECT_EQ(normalize_capabilities({"net_admin", " CAP_SYS_TIME", "all", "Cap_Chown"}, "CapAdd"),
            (Strings{"CAP_NET_ADMIN", "CAP_SYS_TIME", "ALL", "CAP_CHOWN"}));
  EXPECT_EQ(normalize_capabilities({"KILL", "kill"}, "CapDrop"), Strings{"CAP_KILL"});
}

TEST(Capabilities, AnUnknownNameIsDockersError) {
  EXPECT_EQ(error_of({"foo"}, {}), "invalid CapAdd: unknown capability: \"CAP_FOO\"");
  EXPECT_EQ(error_of({}, {"CAP_BOGUS"}), "invalid CapDrop: unknown capability: \"CAP_BOGUS\"");
}

TEST(Capabilities, NoChangeKeepsDockersDefaults) {
  EXPECT_EQ(effective_capabilities({}, {}, 40), default_capabilities());
}

TEST(Capabilities, DropThenAddOnTheDefaults) {
  auto caps = effective_capabilities({"NET_ADMIN"}, {"chown", "CAP_NET_RAW"}, 40);
  EXPECT_FALSE(has(caps, "CAP_CHOWN"));
  EXPECT_FALSE(has(caps, "CAP_NET_RAW"));
  EXPECT_TRUE(has(caps, "CAP_KILL"));
  EXPECT_EQ(caps.back(), "CAP_NET_ADMIN");
  EXPECT_EQ(caps.size(), default_capabilities().size() - 1);
}

TEST(Capabilities, DropAllKeepsOnlyWhatIsAdded) {
  EXPECT_TRUE(effective_capabilities({}, {"ALL"}, 40).empty());
  EXPECT_EQ(effective_capabilities({"net_bind_service"}, {"all"}, 40),
            Strings{"CAP_NET_BIND_SERVICE"});
}

TEST(Capabilities, AddAllGivesEveryCapabilityTheKernelHasLessTheDropped) {
  auto caps = effective_capabilities({"ALL"}, {"SYS_ADMIN"}, 40);
  EXPECT_EQ(caps.size(), known_capabilities().size() - 1);
  EXPECT_FALSE(has(caps, "CAP_SYS_ADMIN"));
  EXPECT_TRUE(has(caps, "CAP_CHECKPOINT_RESTORE"));
  // An older kernel (cap_last_cap 37, CAP_AUDIT_READ) has none of the newer ones.
  caps = effective_capabilities({"ALL"}, {}, 37);
  EXPECT_EQ(caps.size(), 38u);
  EXPECT_EQ(caps.back(), "CAP_AUDIT_READ");
  // "ALL" in both: adding wins, as in Docker.
  EXPECT_EQ(effective_capabilities({"ALL"}, {"ALL"}, 40).size(), known_capabilities().size());
}

TEST(Capabilities, AddingADefaultTwiceListsItOnce) {
  auto caps = effective_capabilities({"KILL"}, {}, 40);
  EXPECT_EQ(std::count(caps.begin(), caps.end(), "CAP_KILL"), 1);
}

}  // namespace
}  // namespace berth::runtime
