#include "spaces/space_admin.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/space_settings.hpp"

// A namespace of its own: the unity build joins this directory's tests into one file.
namespace berth::spaces::space_admin_test {
namespace {

class SpaceAdminTest : public ::testing::Test {
 protected:
  SpaceAdminTest() : db(root.path()) {
    db.with([](SpaceStore&, UserStore& u) {
      u.create_user("alice");
      return 0;
    });
  }
  std::filesystem::path spaces_dir() const { return root.path() / "spaces"; }
  bool exists(std::string_view id) {
    return db.with([&](SpaceStore& s, UserStore&) { return s.find(id).has_value(); });
  }

  TempDir root;
  SpacesDatabase db;
};

// Create applies the settings API's bounds, before anything exists.
TEST_F(SpaceAdminTest, CreateRefusesVariablesAndSecretsBeyondTheBounds) {
  SpaceCreateRequest big{.owner = "alice", .name = "big"};
  big.secrets = {{"TOKEN", std::string(kMaxEntryValueBytes + 1, 'x')}};
  EXPECT_THROW(create_space(db, spaces_dir(), big), InvalidArgumentError);
  EXPECT_FALSE(exists("alice/big"));

  SpaceCreateRequest many{.owner = "alice", .name = "many"};
  for (size_t i = 0; i <= kMaxEntriesPerSpace; ++i) {
    many.variables.emplace_back("V" + std::to_string(i), "1");
  }
  EXPECT_THROW(create_space(db, spaces_dir(), many), InvalidArgumentError);
  EXPECT_FALSE(exists("alice/many"));
  EXPECT_FALSE(std::filesystem::exists(spaces_dir() / "alice" / "many"));

  SpaceCreateRequest fine{.owner = "alice", .name = "fine"};
  fine.variables = {{"GREETING", std::string(kMaxEntryValueBytes, 'y')}};
  create_space(db, spaces_dir(), fine);
  EXPECT_TRUE(exists("alice/fine"));
}

}  // namespace
}  // namespace berth::spaces::space_admin_test
