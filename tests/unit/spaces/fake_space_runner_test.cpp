// The SpaceRunner conformance suite against FakeSpaceRunner: the fake the deploy pipeline's
// tests use behaves as EngineSpaceRunner does (tests/conformance runs the same suite on it).
#include "fakes/spaces/fake_space_runner.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "conformance/space_runner_suite.hpp"

namespace berth::spaces {
namespace fake_space_runner_test {

// The scripts the suite gives, played by the fake: `echo X`, `exit N` and a long `sleep`
// (runs until removed), separated by "; ".
FakeSpaceRunner::App play(const std::string& script) {
  FakeSpaceRunner::App app;
  app.runs = false;
  std::stringstream commands(script);
  for (std::string command; std::getline(commands, command, ';');) {
    while (!command.empty() && command.front() == ' ') command.erase(0, 1);
    if (command.rfind("echo ", 0) == 0) app.output.push_back(command.substr(5));
    if (command.rfind("exit ", 0) == 0) app.exit_code = std::stoi(command.substr(5));
    if (command.rfind("sleep ", 0) == 0) app.runs = true;
  }
  return app;
}

class FakeHarness : public SpaceRunnerHarness {
 public:
  SpaceRunner& runner() override { return runner_; }
  std::string image(const std::string& script) override {
    auto tag = "localhost/conformance/app:" + std::to_string(scripts_.size() + 1);
    scripts_[tag] = script;
    return tag;
  }

 private:
  std::map<std::string, std::string> scripts_;  // image → its app's script
  FakeSpaceRunner runner_{
      [this](const SpaceRunRequest& request) { return play(scripts_.at(request.image)); }};
};

BERTH_SPACE_RUNNER_CONFORMANCE(
    Fake, (SpaceRunnerImplementation{
              "fake", [] { return std::unique_ptr<SpaceRunnerHarness>(new FakeHarness); }}));

TEST(FakeSpaceRunner, RecordsWhatItWasAsked) {
  FakeSpaceRunner fake;
  fake.ensure_network("space-a", "alice/a", false);
  SpaceRunRequest r{
      .space_id = "alice/a", .image = "img", .instance_name = "a-1", .network = "space-a"};
  fake.start(r);
  fake.remove("a-1");
  ASSERT_EQ(fake.started.size(), 1u);
  EXPECT_EQ(fake.started[0].instance_name, "a-1");
  EXPECT_EQ(fake.removed, std::vector<std::string>{"a-1"});
}

TEST(FakeSpaceRunner, DefaultAppRunsOrExitsAsTold) {
  FakeSpaceRunner fake;
  fake.ensure_network("n", "alice/a", true);
  fake.exits_at_start = true;
  fake.start({.space_id = "alice/a", .image = "img", .instance_name = "a-1", .network = "n"});
  EXPECT_EQ(fake.status("a-1").state, InstanceStatus::State::kExited);
  EXPECT_EQ(fake.status("a-1").exit_code, 2);
  EXPECT_EQ(fake.log_tail("a-1", 20), std::vector<std::string>{"Traceback: boom"});
}

}  // namespace fake_space_runner_test
}  // namespace berth::spaces
