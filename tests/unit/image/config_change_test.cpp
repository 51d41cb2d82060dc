#include "image/config_change.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::image {
namespace {

TEST(ConfigChange, CmdExecAndShellForms) {
  Json c = Json::object();
  apply_config_change(c, R"(CMD ["/bin/sh", "-c", "echo"])");
  EXPECT_EQ(c["Cmd"], Json::array({"/bin/sh", "-c", "echo"}));
  apply_config_change(c, "CMD echo hi");
  EXPECT_EQ(c["Cmd"], Json::array({"/bin/sh", "-c", "echo hi"}));
  // Invalid JSON falls back to shell form, as Docker does.
  apply_config_change(c, "ENTRYPOINT [oops");
  EXPECT_EQ(c["Entrypoint"], Json::array({"/bin/sh", "-c", "[oops"}));
}

TEST(ConfigChange, EnvReplacesAndAppends) {
  Json c = Json::object();
  apply_config_change(c, "ENV A=1 B=\"two words\"");
  apply_config_change(c, "ENV A 3");
  EXPECT_EQ(c["Env"], Json::array({"B=two words", "A=3"}));
}

TEST(ConfigChange, PortsVolumesLabelsUser) {
  Json c = Json::object();
  apply_config_change(c, "EXPOSE 80 53/udp");
  apply_config_change(c, "VOLUME /data");
  apply_config_change(c, "LABEL a=b");
  apply_config_change(c, "user 1000");
  apply_config_change(c, "WORKDIR /app");
  EXPECT_TRUE(c["ExposedPorts"].contains("80/tcp"));
  EXPECT_TRUE(c["ExposedPorts"].contains("53/udp"));
  EXPECT_TRUE(c["Volumes"].contains("/data"));
  EXPECT_EQ(c["Labels"]["a"], "b");
  EXPECT_EQ(c["User"], "1000");
  EXPECT_EQ(c["WorkingDir"], "/app");
}

TEST(ConfigChange, RejectsOtherInstructions) {
  Json c = Json::object();
  try {
    apply_config_change(c, "FROM busybox");
    FAIL();
  } catch (const InvalidArgumentError& e) {
    EXPECT_STREQ(e.what(), "FROM is not a valid change command");
  }
  EXPECT_THROW(apply_config_change(c, "CMD"), InvalidArgumentError);
}

}  // namespace
}  // namespace berth::image
