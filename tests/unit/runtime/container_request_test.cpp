#include "runtime/container_request.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "runtime/container_names.hpp"

namespace berth::runtime {
namespace {

TEST(RestartPolicy, ParsesDockerValues) {
  EXPECT_EQ(RestartPolicy::parse("no").name, "no");
  EXPECT_EQ(RestartPolicy::parse("always").name, "always");
  auto p = RestartPolicy::parse("on-failure:3");
  EXPECT_EQ(p.name, "on-failure");
  EXPECT_EQ(p.maximum_retry_count, 3);
  EXPECT_THROW(RestartPolicy::parse("sometimes"), InvalidArgumentError);
  EXPECT_THROW(RestartPolicy::parse("always:3"), InvalidArgumentError);
  EXPECT_THROW(RestartPolicy::parse("on-failure:x"), InvalidArgumentError);
}

TEST(ContainerRequest, RoundTripsThroughJson) {
  ContainerRequest r;
  r.image = "busybox";
  r.name = "x";
  r.entrypoint = std::vector<std::string>{};
  r.command = {"echo", "hi"};
  r.env = {"A=1"};
  r.user = "1000:1000";
  r.tty = true;
  r.mounts.push_back({"bind", "/src", "/dst", true, {"rprivate"}});
  r.limits.memory_bytes = 64 << 20;
  r.limits.cpus = 1.5;
  r.restart = RestartPolicy::parse("on-failure:2");
  r.stop_timeout = 3;
  r.labels = {{"k", "v"}};
  auto back = request_from_json(to_json(r));
  EXPECT_EQ(to_json(back), to_json(r));
  ASSERT_TRUE(back.entrypoint);
  EXPECT_TRUE(back.entrypoint->empty());
  EXPECT_EQ(back.mounts.at(0).destination, "/dst");
  EXPECT_EQ(*back.limits.cpus, 1.5);
}

TEST(ContainerNames, GeneratedNamesAreValid) {
  for (int i = 0; i < 20; ++i) EXPECT_NO_THROW(validate_container_name(generate_container_name()));
  EXPECT_THROW(validate_container_name("-bad"), InvalidArgumentError);
  EXPECT_THROW(validate_container_name("a b"), InvalidArgumentError);
  EXPECT_THROW(validate_container_name("x"), InvalidArgumentError);
  EXPECT_NO_THROW(validate_container_name("web.1_a-b"));
}

}  // namespace
}  // namespace berth::runtime
