#include "spaces/space_settings.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

// A namespace of its own: the unity build joins this directory's tests into one file.
namespace berth::spaces::space_settings_test {
namespace {

template <typename E, typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "no error";
}

const MachineFacts kNoGpu{4, int64_t{8} << 30, false};
const MachineFacts kGpu{4, int64_t{8} << 30, true};

TEST(SpaceSettings, EntriesKeepTheStoreKeyRuleAndBoundSizes) {
  EXPECT_NO_THROW(check_entry("API_KEY", "v", "what it is"));
  EXPECT_NO_THROW(check_entry("A", std::string(kMaxEntryValueBytes, 'x')));
  EXPECT_NE(error_of<InvalidArgumentError>([] { check_entry("1BAD", "v"); }).find("1BAD"),
            std::string::npos);
  EXPECT_NE(error_of<InvalidArgumentError>([] { check_entry("A-B", "v"); }).find("^[a-zA-Z]"),
            std::string::npos);
  EXPECT_NE(error_of<InvalidArgumentError>([] { check_entry("", "v"); }), "no error");
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              check_entry(std::string(kMaxEntryKeyBytes + 1, 'K'), "v");
            }).find("bytes long"),
            std::string::npos);
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              check_entry("BIG", std::string(kMaxEntryValueBytes + 1, 'x'));
            }).find("the value of BIG"),
            std::string::npos);
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              check_entry("NUL", std::string("a\0b", 3));
            }).find("NUL byte"),
            std::string::npos);
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              check_entry("D", "v", std::string(kMaxEntryDescriptionBytes + 1, 'd'));
            }).find("description of D"),
            std::string::npos);
}

TEST(SpaceSettings, EntryCountIsBounded) {
  EXPECT_NO_THROW(check_entry_count(0));
  EXPECT_NO_THROW(check_entry_count(kMaxEntriesPerSpace));
  EXPECT_THROW(check_entry_count(kMaxEntriesPerSpace + 1), InvalidArgumentError);
}

TEST(SpaceSettings, OnlyHardwareThisMachineRunsIsAccepted) {
  EXPECT_NO_THROW(check_runnable_hardware("cpu-basic", kNoGpu));
  EXPECT_NO_THROW(check_runnable_hardware("cpu-upgrade", kGpu));
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              check_runnable_hardware("t4-small", kNoGpu);
            }).find("accelerator"),
            std::string::npos);
  // A GPU machine does not help yet: the refusal is still a bad request, not a server error.
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              check_runnable_hardware("a100-large", kGpu);
            }).find("not supported yet"),
            std::string::npos);
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              check_runnable_hardware("cpu-huge", kNoGpu);
            }).find("cpu-huge"),
            std::string::npos);
  EXPECT_THROW(check_runnable_hardware("--help", kNoGpu), InvalidArgumentError);
}

TEST(SpaceSettings, SleepTimeIsMinusOneOrPositive) {
  EXPECT_NO_THROW(check_sleep_time(-1));
  EXPECT_NO_THROW(check_sleep_time(3600));
  EXPECT_THROW(check_sleep_time(0), InvalidArgumentError);
  EXPECT_THROW(check_sleep_time(-2), InvalidArgumentError);
}

TEST(SpaceSettings, StorageGrowsButNeverShrinks) {
  EXPECT_NO_THROW(check_storage_request(std::nullopt, "small"));
  EXPECT_NO_THROW(check_storage_request("small", "large"));
  EXPECT_NO_THROW(check_storage_request("medium", "medium"));
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              check_storage_request("large", "small");
            }).find("delete the storage first"),
            std::string::npos);
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              check_storage_request(std::nullopt, "huge");
            }).find("small, medium, large"),
            std::string::npos);
}

TEST(SpaceSettings, VisibilityFromPrivateOrVisibility) {
  EXPECT_EQ(parse_visibility(Json::object()), std::nullopt);
  EXPECT_EQ(parse_visibility(Json{{"private", true}}), true);
  EXPECT_EQ(parse_visibility(Json{{"visibility", "public"}}), false);
  EXPECT_EQ(parse_visibility(Json{{"visibility", "private"}}), true);
  EXPECT_EQ(parse_visibility(Json{{"private", nullptr}}), std::nullopt);
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              parse_visibility(Json{{"visibility", "protected"}});
            }).find("not supported yet"),
            std::string::npos);
  EXPECT_THROW(parse_visibility(Json{{"visibility", "secret"}}), InvalidArgumentError);
  EXPECT_THROW(parse_visibility(Json{{"visibility", 1}}), InvalidArgumentError);
  EXPECT_THROW(parse_visibility(Json{{"private", "yes"}}), InvalidArgumentError);
  EXPECT_THROW(parse_visibility(Json{{"private", true}, {"visibility", "private"}}),
               InvalidArgumentError);
}

TEST(SpaceSettings, RepoSettingsChangeVisibilityOnly) {
  EXPECT_EQ(parse_repo_settings(Json{{"visibility", "private"}}).is_private, true);
  EXPECT_EQ(parse_repo_settings(Json{{"private", false}}).is_private, false);
  // What a Space is anyway.
  EXPECT_EQ(parse_repo_settings(Json{{"gated", false}}).is_private, std::nullopt);
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              parse_repo_settings(Json{{"gated", "manual"}});
            }).find("cannot be gated"),
            std::string::npos);
  EXPECT_NE(error_of<InvalidArgumentError>([] {
              parse_repo_settings(Json{{"discussionsDisabled", true}});
            }).find("discussionsDisabled"),
            std::string::npos);
  EXPECT_THROW(parse_repo_settings(Json::object()), InvalidArgumentError);
}

}  // namespace
}  // namespace berth::spaces::space_settings_test
