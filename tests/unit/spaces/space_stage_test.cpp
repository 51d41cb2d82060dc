#include "spaces/space_stage.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "base/error.hpp"

namespace berth::spaces {
namespace {

TEST(SpaceStageTest, EveryStageHasTheHubsNameAndParsesBack) {
  // huggingface_hub's SpaceStage, all 13 of them.
  std::set<std::string> hub = {
      "NO_APP_FILE",   "CONFIG_ERROR", "BUILDING",         "BUILD_ERROR",
      "APP_STARTING",  "RUNNING",      "RUNNING_BUILDING", "RUNNING_APP_STARTING",
      "RUNTIME_ERROR", "DELETING",     "STOPPED",          "PAUSED",
      "SLEEPING"};
  std::set<std::string> ours;
  for (auto stage : all_space_stages()) {
    ours.insert(std::string(to_string(stage)));
    EXPECT_EQ(parse_space_stage(to_string(stage)), stage);
  }
  EXPECT_EQ(ours, hub);
  EXPECT_EQ(all_space_stages().size(), hub.size());
}

TEST(SpaceStageTest, UnknownTextIsAnErrorListingTheStages) {
  try {
    parse_space_stage("running");  // the Hub's names are upper case only
    FAIL() << "parsed";
  } catch (const InvalidArgumentError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("\"running\""), std::string::npos) << message;
    EXPECT_NE(message.find("RUNTIME_ERROR"), std::string::npos) << message;
  }
  EXPECT_THROW(parse_space_stage(""), InvalidArgumentError);
}

TEST(SpaceStageTest, InProgressIsBuildingOrStarting) {
  std::set<SpaceStage> in_progress;
  for (auto stage : all_space_stages()) {
    if (is_in_progress(stage)) in_progress.insert(stage);
  }
  EXPECT_EQ(in_progress,
            (std::set<SpaceStage>{SpaceStage::kBuilding, SpaceStage::kAppStarting,
                                  SpaceStage::kRunningBuilding, SpaceStage::kRunningAppStarting}));
}

TEST(SpaceStageTest, PrintsAsTheHubsName) {
  std::ostringstream out;
  out << SpaceStage::kRunningAppStarting;
  EXPECT_EQ(out.str(), "RUNNING_APP_STARTING");
}

}  // namespace
}  // namespace berth::spaces
