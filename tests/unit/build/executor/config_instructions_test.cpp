#include "build/executor/config_instructions.hpp"

#include <gtest/gtest.h>

#include "build/dockerfile/dockerfile.hpp"

namespace berth::build {
namespace {

const std::vector<std::string> kShell = {"/bin/sh", "-c"};

// The instructions of a one-stage Dockerfile, expanded with no variables.
std::vector<Instruction> parse(const std::string& body) {
  auto df = parse_dockerfile("FROM scratch\n" + body);
  std::vector<Instruction> out;
  for (const auto& i : df.stages.at(0).instructions) out.push_back(expanded(i, no_variables()));
  return out;
}

Json apply_all(const std::string& body, Json config = Json::object()) {
  for (const auto& i : parse(body))
    EXPECT_TRUE(apply_config_instruction(config, i, kShell)) << i.text;
  return config;
}

TEST(BuildConfigInstructions, EnvReplacesAndAppendsInOrder) {
  auto c = apply_all("ENV A=1 B=\"two words\"\nENV A=3\nENV C 4\n",
                     {{"Env", Json::array({"PATH=/bin"})}});
  EXPECT_EQ(c["Env"], Json::array({"PATH=/bin", "A=3", "B=two words", "C=4"}));
  EXPECT_EQ(env_value(c, "B"), "two words");
  EXPECT_EQ(env_value(c, "D"), std::nullopt);
}

TEST(BuildConfigInstructions, CommandsInShellAndExecForm) {
  auto c = apply_all("SHELL [\"/bin/bash\", \"-e\", \"-c\"]\nCMD echo hi\n");
  // SHELL applies to the config; CMD uses the shell given to apply_config_instruction.
  EXPECT_EQ(c["Shell"], Json::array({"/bin/bash", "-e", "-c"}));
  EXPECT_EQ(c["Cmd"], Json::array({"/bin/sh", "-c", "echo hi"}));
  c = apply_all("CMD [\"a\", \"b\"]\nENTRYPOINT [\"/ep\"]\n");
  EXPECT_FALSE(c.contains("Cmd")) << "an ENTRYPOINT resets an earlier CMD, as in Docker";
  EXPECT_EQ(c["Entrypoint"], Json::array({"/ep"}));
  c = apply_all("ENTRYPOINT []\n");
  EXPECT_TRUE(c["Entrypoint"].is_null());
}

TEST(BuildConfigInstructions, PortsVolumesLabelsUserSignalHealthcheckOnbuild) {
  auto c = apply_all(
      "EXPOSE 80 53/udp 8000-8001\nVOLUME /data [\"/x\"]\nVOLUME [\"/y\"]\nLABEL a=b \"c d\"=e\n"
      "USER 1000:1000\nSTOPSIGNAL SIGINT\n"
      "HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD [\"curl\", \"-f\", \"x\"]\n"
      "ONBUILD RUN make\n");
  EXPECT_EQ(c["ExposedPorts"], (Json{{"80/tcp", Json::object()},
                                     {"53/udp", Json::object()},
                                     {"8000/tcp", Json::object()},
                                     {"8001/tcp", Json::object()}}));
  EXPECT_TRUE(c["Volumes"].contains("/y"));
  EXPECT_EQ(c["Labels"], (Json{{"a", "b"}, {"c d", "e"}}));
  EXPECT_EQ(c["User"], "1000:1000");
  EXPECT_EQ(c["StopSignal"], "SIGINT");
  EXPECT_EQ(c["Healthcheck"]["Test"], Json::array({"CMD", "curl", "-f", "x"}));
  EXPECT_EQ(c["Healthcheck"]["Interval"], 30000000000LL);
  EXPECT_EQ(c["Healthcheck"]["Timeout"], 5000000000LL);
  EXPECT_EQ(c["Healthcheck"]["Retries"], 3);
  EXPECT_EQ(c["OnBuild"], Json::array({"RUN make"}));
  c = apply_all("HEALTHCHECK NONE\n");
  EXPECT_EQ(c["Healthcheck"]["Test"], Json::array({"NONE"}));
}

TEST(BuildConfigInstructions, FilesystemInstructionsAreNotConfigOnly) {
  Json c = Json::object();
  for (const auto& i : parse("RUN true\nCOPY a /b\nWORKDIR /w\nARG X\n")) {
    EXPECT_FALSE(apply_config_instruction(c, i, kShell)) << i.text;
  }
  EXPECT_EQ(c, Json::object());
}

TEST(BuildConfigInstructions, HistoryTextAsBuildKitWritesIt) {
  auto i = parse(
      "RUN make all\nRUN [\"a\", \"b c\"]\nCMD [\"x\"]\nENV A=1\nWORKDIR /app\nCOPY . /app\n");
  EXPECT_EQ(history_text(i[0], kShell), "RUN /bin/sh -c make all # buildkit");
  EXPECT_EQ(history_text(i[1], kShell), "RUN [\"a\" \"b c\"] # buildkit");
  EXPECT_EQ(history_text(i[2], kShell), "CMD [\"x\"]");
  EXPECT_EQ(history_text(i[3], kShell), "ENV A=1");
  EXPECT_EQ(history_text(i[4], kShell), "WORKDIR /app");
  EXPECT_EQ(history_text(i[5], kShell), "COPY . /app # buildkit");
}

}  // namespace
}  // namespace berth::build
