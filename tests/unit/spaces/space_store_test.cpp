#include "spaces/space_store.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/spaces_schema.hpp"

namespace berth::spaces {
namespace space_store_test {

template <typename E, typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "no error";
}

constexpr std::string_view kSecret = "sk-live-0123456789-do-not-leak";

class SpaceStoreTest : public ::testing::Test {
 protected:
  int64_t count(const std::string& sql) {
    store::Statement st(db, sql);
    st.step();
    return st.column_int(0);
  }

  // Every byte SQLite keeps for the database: the main file, its WAL and shared memory.
  std::string database_bytes() {
    std::string all;
    for (const auto& e : fs::directory_iterator(root.path())) {
      if (e.path().filename().string().starts_with("berth.db")) all += read_file(e.path());
    }
    return all;
  }

  std::vector<std::string> ids(const SpaceFilter& f) {
    std::vector<std::string> out;
    for (const auto& s : spaces.list(f)) out.push_back(s.id);
    return out;
  }

  TempDir root;
  store::Database db{root.path() / "berth.db", std::vector<const store::Schema*>{&spaces_schema()}};
  SecretBox box{root.path()};
  SpaceStore spaces{db, box};
};

TEST_F(SpaceStoreTest, TheSpacesSchemaMakesItsTables) {
  for (const char* table : {"users", "tokens", "spaces", "space_variables", "space_secrets"}) {
    EXPECT_EQ(count(std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + table + "'"),
              1)
        << table;
  }
}

TEST_F(SpaceStoreTest, CreatesWithDefaults) {
  auto s = spaces.create("alice", "demo", false);
  EXPECT_EQ(s.id, "alice/demo");
  EXPECT_EQ(s.owner, "alice");
  EXPECT_EQ(s.name, "demo");
  EXPECT_FALSE(s.is_private);
  EXPECT_EQ(s.hardware, "cpu-basic");
  EXPECT_FALSE(s.storage);
  EXPECT_FALSE(s.sleep_time_seconds);
  EXPECT_EQ(s.stage, SpaceStage::kNoAppFile);
  EXPECT_FALSE(s.created.empty());

  auto back = spaces.resolve("alice/demo");
  EXPECT_EQ(back.id, s.id);
  EXPECT_EQ(back.owner, "alice");
  EXPECT_EQ(back.name, "demo");
  EXPECT_EQ(back.created, s.created);
  EXPECT_EQ(back.last_modified, s.created);  // no push yet
  EXPECT_FALSE(back.host_access);
  EXPECT_EQ(back.stage, SpaceStage::kNoAppFile);
  EXPECT_EQ(back.hardware, "cpu-basic");
  EXPECT_FALSE(back.storage);
  EXPECT_FALSE(back.sleep_time_seconds);
  EXPECT_EQ(back.error_message, "");
  EXPECT_EQ(back.current_commit, "");
  EXPECT_EQ(back.current_image, "");
  EXPECT_EQ(back.current_container, "");

  auto p = spaces.create("Bob", "My.App_2", true, "t4-small", 3600);
  auto pb = spaces.resolve("bob/my.app_2");  // any letter case finds it, as created
  EXPECT_EQ(pb.id, "Bob/My.App_2");
  EXPECT_TRUE(pb.is_private);
  EXPECT_EQ(pb.hardware, "t4-small");
  EXPECT_EQ(pb.sleep_time_seconds, 3600);
  EXPECT_EQ(spaces.create("carol", "never", false, "cpu-basic", -1).sleep_time_seconds, -1);
  EXPECT_EQ(spaces.resolve("carol/never").sleep_time_seconds, -1);
  EXPECT_FALSE(spaces.find("alice/nope"));
  EXPECT_FALSE(spaces.find(""));
  EXPECT_EQ(error_of<NotFoundError>([&] { spaces.resolve("alice/nope"); }),
            "Space alice/nope not found");
}

TEST_F(SpaceStoreTest, LastModifiedIsWhenAPushLastMovedTheSpace) {
  auto created = spaces.create("alice", "demo", false);
  spaces.set_last_modified_now("Alice/Demo");
  auto pushed = spaces.resolve("alice/demo");
  EXPECT_NE(pushed.last_modified, created.created);
  EXPECT_EQ(pushed.created, created.created);
  EXPECT_EQ(count("SELECT count(*) FROM spaces WHERE last_modified IS NOT NULL"), 1);
  EXPECT_EQ(error_of<NotFoundError>([&] { spaces.set_last_modified_now("alice/nope"); }),
            "Space alice/nope not found");
}

TEST_F(SpaceStoreTest, KeepsTheCardOfTheReadmeHeader) {
  spaces.create("alice", "demo", false);
  EXPECT_EQ(spaces.resolve("alice/demo").card, SpaceCard{}) << "no header read yet";
  SpaceCard card{"Demo", "🚀", "blue", "green", "A short one"};
  spaces.set_card("Alice/demo", card);
  EXPECT_EQ(spaces.resolve("alice/demo").card, card);
  spaces.set_card("alice/demo", SpaceCard{"Only a title", "", "", "", ""});
  EXPECT_EQ(spaces.resolve("alice/demo").card.title, "Only a title");
  EXPECT_EQ(spaces.resolve("alice/demo").card.emoji, "");
  EXPECT_EQ(count("SELECT count(*) FROM spaces WHERE card_emoji IS NULL"), 1) << "\"\" is NULL";
  EXPECT_EQ(error_of<NotFoundError>([&] { spaces.set_card("alice/nope", card); }),
            "Space alice/nope not found");
}

TEST_F(SpaceStoreTest, ASleepingSpaceHasATierUntilItsStageChanges) {
  spaces.create("alice", "demo", false);
  spaces.set_sleeping("alice/demo", SleepTier::kFrozen, 1700000000);
  auto asleep = spaces.resolve("alice/demo");
  EXPECT_EQ(asleep.stage, SpaceStage::kSleeping);
  EXPECT_EQ(asleep.sleep_tier, SleepTier::kFrozen);
  EXPECT_EQ(asleep.slept_at, 1700000000);
  spaces.set_sleeping("alice/demo", SleepTier::kStopped, 1700000100);
  EXPECT_EQ(spaces.resolve("alice/demo").sleep_tier, SleepTier::kStopped);

  spaces.set_stage("alice/demo", SpaceStage::kRunning);
  auto awake = spaces.resolve("alice/demo");
  EXPECT_EQ(awake.stage, SpaceStage::kRunning);
  EXPECT_EQ(awake.sleep_tier, std::nullopt);
  EXPECT_EQ(awake.slept_at, 0);
  EXPECT_EQ(count("SELECT count(*) FROM spaces WHERE sleep_tier IS NULL AND slept_at IS NULL"), 1);
}

TEST_F(SpaceStoreTest, APreviewIsASpaceOfItsOwnNamedAfterItsSpaceAndBranch) {
  auto space = spaces.create("alice", "app", false, "cpu-upgrade", 600);
  auto preview = spaces.create_preview("Alice/App", "feature/Login");
  EXPECT_EQ(preview.id, "alice/app--feature-login");
  EXPECT_EQ(preview.owner, "alice");
  EXPECT_EQ(preview.preview_of, "alice/app");
  EXPECT_EQ(preview.preview_branch, "feature/Login");
  EXPECT_EQ(preview.subdomain, space.subdomain + "--feature-login");
  EXPECT_TRUE(preview.is_private) << "private to the owner unless set otherwise";
  EXPECT_EQ(preview.hardware, "cpu-upgrade");
  EXPECT_EQ(preview.sleep_time_seconds, 600);
  EXPECT_EQ(spaces.resolve(preview.id).preview_branch, "feature/Login");
  // Another branch with the same label shares it; a preview has none of its own.
  EXPECT_EQ(spaces.create_preview("alice/app", "feature-login").preview_branch, "feature/Login");
  EXPECT_THROW(spaces.create_preview(preview.id, "x"), InvalidArgumentError);
  EXPECT_THROW(spaces.create_preview("alice/none", "x"), NotFoundError);

  SpaceFilter only_spaces;
  only_spaces.previews = false;
  EXPECT_EQ(ids(only_spaces), std::vector<std::string>{"alice/app"});
  SpaceFilter previews_of;
  previews_of.preview_of = "ALICE/app";
  EXPECT_EQ(ids(previews_of), std::vector<std::string>{"alice/app--feature-login"});

  spaces.set_preview_settings("alice/app", true, true);
  auto now = spaces.resolve("alice/app");
  EXPECT_TRUE(now.previews_get_secrets);
  EXPECT_TRUE(now.previews_public);
  EXPECT_FALSE(spaces.resolve(preview.id).is_private) << "the previews follow";
  EXPECT_FALSE(spaces.create_preview("alice/app", "dev").is_private);

  spaces.remove("alice/app");
  EXPECT_FALSE(spaces.find(preview.id)) << "gone with their Space";
}

TEST_F(SpaceStoreTest, HostAccessIsASetting) {
  spaces.create("alice", "demo", false);
  spaces.set_host_access("alice/demo", true);
  EXPECT_TRUE(spaces.resolve("alice/demo").host_access);
  spaces.set_host_access("alice/demo", false);
  EXPECT_FALSE(spaces.resolve("alice/demo").host_access);
  EXPECT_EQ(error_of<NotFoundError>([&] { spaces.set_host_access("alice/nope", true); }),
            "Space alice/nope not found");
}

TEST_F(SpaceStoreTest, HostLabelsAreUniqueThoughNamesMapToTheSameOne) {
  auto victim = spaces.create("alice", "my-app", true);
  auto squatter = spaces.create("alice-my", "app", false);
  auto dotted = spaces.create("alice", "my_app", false);
  EXPECT_EQ(victim.subdomain, "alice-my-app");
  EXPECT_TRUE(squatter.subdomain.starts_with("alice-my-app-")) << squatter.subdomain;
  EXPECT_EQ(squatter.subdomain.size(), std::string("alice-my-app-").size() + 8);
  EXPECT_NE(dotted.subdomain, squatter.subdomain);
  EXPECT_NE(dotted.subdomain, victim.subdomain);
  EXPECT_EQ(spaces.resolve("alice-my/app").subdomain, squatter.subdomain);
  EXPECT_EQ(spaces.create("bob", "Web.Site_2", false).subdomain, "bob-web-site-2");
  // A DNS label holds 63 characters: a longer name is cut and keeps a hash of its id.
  auto long_one = spaces.create("carol", std::string(90, 'x'), false);
  EXPECT_EQ(long_one.subdomain.size(), 63u) << long_one.subdomain;
}

TEST(SpaceStoreMigration, ExistingSpacesThatShareALabelGetDistinctOnes) {
  TempDir root;
  // The Spaces schema as it was before host labels (version 4).
  const auto& latest = spaces_schema();
  const store::Schema before{
      .name = latest.name,
      .dependencies = {},
      .migrations = {latest.migrations.begin(), latest.migrations.begin() + 3}};
  {
    store::Database old(root.path() / "berth.db", {&before});
    old.exec(
        "INSERT INTO spaces(id, owner, name, created) VALUES "
        "('alice/my-app', 'alice', 'my-app', '2026-01-01T00:00:00Z'),"
        "('alice-my/app', 'alice-my', 'app', '2026-01-02T00:00:00Z'),"
        "('bob/x.y', 'bob', 'x.y', '2026-01-03T00:00:00Z')");
  }
  store::Database db(root.path() / "berth.db", {&latest});
  SecretBox box(root.path());
  SpaceStore spaces(db, box);
  EXPECT_EQ(spaces.resolve("alice/my-app").subdomain, "alice-my-app") << "the earliest keeps it";
  EXPECT_TRUE(spaces.resolve("alice-my/app").subdomain.starts_with("alice-my-app-"));
  EXPECT_EQ(spaces.resolve("bob/x.y").subdomain, "bob-x-y");
}

TEST_F(SpaceStoreTest, CreateAnswersTheHubsConflict) {
  spaces.create("alice", "demo", false);
  try {
    spaces.create("Alice", "DEMO", true);
    FAIL() << "no conflict";
  } catch (const SpaceExistsError& e) {
    EXPECT_EQ(std::string(e.what()), "You already created this space repo: alice/demo");
    EXPECT_EQ(e.space_id(), "alice/demo");
    EXPECT_EQ(SpaceExistsError::kHubMessage, "You already created this space repo");
  }
  EXPECT_THROW(spaces.create("alice", "demo", false), ConflictError);
  EXPECT_EQ(spaces.list().size(), 1u);
  EXPECT_FALSE(spaces.resolve("alice/demo").is_private);
}

TEST_F(SpaceStoreTest, CreateValidates) {
  for (const std::string& bad : std::vector<std::string>{
           "", ".a", "-a", "a--b", "a..b", "a.git", "a-", "a b", "a/b", std::string(97, 'x')}) {
    EXPECT_THROW(spaces.create("alice", bad, false), InvalidArgumentError) << bad;
  }
  for (const std::string& bad : std::vector<std::string>{"", "-a", "a--b", "a_b", "a/b"}) {
    EXPECT_THROW(spaces.create(bad, "demo", false), InvalidArgumentError) << bad;
  }
  EXPECT_EQ(error_of<InvalidArgumentError>([&] {
              spaces.create("alice", "x", false, "gpu");
            }).substr(0, 49),
            "invalid hardware \"gpu\": expected one of cpu-basic");
  for (int64_t bad : {0, -2, -3600}) {
    EXPECT_THROW(spaces.create("alice", "x", false, "cpu-basic", bad), InvalidArgumentError);
  }
  EXPECT_TRUE(spaces.list().empty());
  spaces.create("alice", std::string(96, 'x'), false);
}

TEST_F(SpaceStoreTest, ListFilters) {
  spaces.create("alice", "chat", false);
  spaces.create("alice", "secret-model", true);
  spaces.create("bob", "chatbot", false);
  spaces.create("bob", "private_thing", true);
  spaces.create("carol", "demo-100", false);

  EXPECT_EQ(ids({}), (std::vector<std::string>{"alice/chat", "alice/secret-model", "bob/chatbot",
                                               "bob/private_thing", "carol/demo-100"}));
  EXPECT_EQ(ids({.author = "BOB"}), (std::vector<std::string>{"bob/chatbot", "bob/private_thing"}));
  EXPECT_EQ(ids({.search = "CHAT"}), (std::vector<std::string>{"alice/chat", "bob/chatbot"}));
  EXPECT_EQ(ids({.search = "e/c"}), (std::vector<std::string>{"alice/chat"}));
  // '%' and '_' are literal, not LIKE wildcards.
  EXPECT_TRUE(ids({.search = "%"}).empty());
  EXPECT_EQ(ids({.search = "_"}), (std::vector<std::string>{"bob/private_thing"}));
  EXPECT_EQ(ids({.limit = 2}), (std::vector<std::string>{"alice/chat", "alice/secret-model"}));
  EXPECT_TRUE(ids({.limit = 0}).empty());
  EXPECT_EQ(ids({.author = "bob", .search = "chat", .limit = 5}),
            (std::vector<std::string>{"bob/chatbot"}));
  EXPECT_THROW(spaces.list({.limit = -1}), InvalidArgumentError);

  // Private Spaces are listed to their owner only.
  EXPECT_EQ(ids({.visible_to = ""}),
            (std::vector<std::string>{"alice/chat", "bob/chatbot", "carol/demo-100"}));
  EXPECT_EQ(ids({.visible_to = "Alice"}),
            (std::vector<std::string>{"alice/chat", "alice/secret-model", "bob/chatbot",
                                      "carol/demo-100"}));
  EXPECT_EQ(ids({.author = "bob", .visible_to = "alice"}),
            (std::vector<std::string>{"bob/chatbot"}));
}

TEST_F(SpaceStoreTest, AStoredStageThisVersionDoesNotKnowIsAnErrorNamingTheSpace) {
  spaces.create("alice", "demo", false);
  db.exec("UPDATE spaces SET stage = 'HIBERNATING'");
  std::string message = error_of<InvalidArgumentError>([&] { spaces.resolve("alice/demo"); });
  EXPECT_NE(message.find("Space alice/demo"), std::string::npos) << message;
  EXPECT_NE(message.find("\"HIBERNATING\""), std::string::npos) << message;
}

TEST_F(SpaceStoreTest, StageAndCurrentDeployment) {
  spaces.create("alice", "demo", false);
  spaces.set_stage("Alice/Demo", SpaceStage::kBuildError, "step 3 failed");
  auto s = spaces.resolve("alice/demo");
  EXPECT_EQ(s.stage, SpaceStage::kBuildError);
  EXPECT_EQ(s.error_message, "step 3 failed");
  spaces.set_stage("alice/demo", SpaceStage::kRunning);
  s = spaces.resolve("alice/demo");
  EXPECT_EQ(s.stage, SpaceStage::kRunning);
  EXPECT_EQ(s.error_message, "");
  EXPECT_EQ(count("SELECT count(*) FROM spaces WHERE error_message IS NULL"), 1);
  // Every stage is stored as the Hub's name and reads back as itself.
  for (auto stage : all_space_stages()) {
    spaces.set_stage("alice/demo", stage);
    EXPECT_EQ(spaces.resolve("alice/demo").stage, stage);
    EXPECT_EQ(
        count("SELECT count(*) FROM spaces WHERE stage = '" + std::string(to_string(stage)) + "'"),
        1);
  }
  EXPECT_EQ(error_of<NotFoundError>([&] { spaces.set_stage("alice/nope", SpaceStage::kRunning); }),
            "Space alice/nope not found");

  spaces.set_current("alice/demo", "abc123", "sha256:img", "ctr1");
  s = spaces.resolve("alice/demo");
  EXPECT_EQ(s.current_commit, "abc123");
  EXPECT_EQ(s.current_image, "sha256:img");
  EXPECT_EQ(s.current_container, "ctr1");
  spaces.set_current("alice/demo", "abc123", "sha256:img", "");
  EXPECT_EQ(spaces.resolve("alice/demo").current_container, "");
  EXPECT_THROW(spaces.set_current("alice/nope", "a", "b", "c"), NotFoundError);
}

TEST_F(SpaceStoreTest, Settings) {
  spaces.create("alice", "demo", false);
  spaces.set_private("alice/demo", true);
  EXPECT_TRUE(spaces.resolve("alice/demo").is_private);
  spaces.set_private("alice/demo", false);
  EXPECT_FALSE(spaces.resolve("alice/demo").is_private);

  spaces.set_hardware("alice/demo", "a10g-small");
  EXPECT_EQ(spaces.resolve("alice/demo").hardware, "a10g-small");
  EXPECT_THROW(spaces.set_hardware("alice/demo", "big"), InvalidArgumentError);

  spaces.set_sleep_time("alice/demo", 300);
  EXPECT_EQ(spaces.resolve("alice/demo").sleep_time_seconds, 300);
  spaces.set_sleep_time("alice/demo", std::nullopt);
  EXPECT_FALSE(spaces.resolve("alice/demo").sleep_time_seconds);
  EXPECT_THROW(spaces.set_sleep_time("alice/demo", 0), InvalidArgumentError);

  spaces.set_storage("alice/demo", "small");
  EXPECT_EQ(spaces.resolve("alice/demo").storage, "small");
  spaces.set_storage("alice/demo", std::nullopt);
  EXPECT_FALSE(spaces.resolve("alice/demo").storage);
  EXPECT_THROW(spaces.set_storage("alice/demo", "huge"), InvalidArgumentError);
  EXPECT_THROW(spaces.set_private("alice/nope", true), NotFoundError);
}

TEST_F(SpaceStoreTest, Variables) {
  spaces.create("alice", "demo", false);
  spaces.set_variable("alice/demo", "MODEL_ID", "gpt2", "the model");
  spaces.set_variable("ALICE/demo", "A_FIRST", "1");
  auto vars = spaces.variables("alice/demo");
  ASSERT_EQ(vars.size(), 2u);
  EXPECT_EQ(vars[0].key, "A_FIRST");
  EXPECT_EQ(vars[0].value, "1");
  EXPECT_EQ(vars[0].description, "");
  EXPECT_EQ(vars[1].key, "MODEL_ID");
  EXPECT_EQ(vars[1].value, "gpt2");
  EXPECT_EQ(vars[1].description, "the model");
  EXPECT_FALSE(vars[1].updated.empty());

  // An update keeps the description unless it is given.
  spaces.set_variable("alice/demo", "MODEL_ID", "gpt2-large");
  EXPECT_EQ(spaces.variables("alice/demo")[1].value, "gpt2-large");
  EXPECT_EQ(spaces.variables("alice/demo")[1].description, "the model");
  spaces.set_variable("alice/demo", "MODEL_ID", "gpt2-large", "");
  EXPECT_EQ(spaces.variables("alice/demo")[1].description, "");
  // Keys are case-sensitive, as environment variables are.
  spaces.set_variable("alice/demo", "model_id", "x");
  EXPECT_EQ(spaces.variables("alice/demo").size(), 3u);

  EXPECT_TRUE(spaces.remove_variable("alice/demo", "model_id"));
  EXPECT_FALSE(spaces.remove_variable("alice/demo", "model_id"));
  EXPECT_EQ(spaces.variables("alice/demo").size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM space_variables WHERE space_id = 'alice/demo'"), 2);
}

TEST_F(SpaceStoreTest, KeysAndValuesAreValidated) {
  spaces.create("alice", "demo", false);
  for (const std::string& bad :
       std::vector<std::string>{"", "1A", "_A", "A-B", "A B", "A.B", "A=B"}) {
    auto message =
        error_of<InvalidArgumentError>([&] { spaces.set_variable("alice/demo", bad, "v"); });
    EXPECT_NE(message.find("\"" + bad + "\""), std::string::npos) << message;
    EXPECT_THROW(spaces.set_secret("alice/demo", bad, "v"), InvalidArgumentError) << bad;
  }
  auto message = error_of<InvalidArgumentError>(
      [&] { spaces.set_secret("alice/demo", "TOKEN", std::string("ab\0cd", 5)); });
  EXPECT_EQ(message,
            "the value of TOKEN contains a NUL byte, which an environment variable cannot hold");
  EXPECT_THROW(spaces.set_variable("alice/demo", "V", std::string("\0", 1)), InvalidArgumentError);
  EXPECT_TRUE(spaces.variables("alice/demo").empty());
  EXPECT_TRUE(spaces.secret_keys("alice/demo").empty());
}

TEST_F(SpaceStoreTest, UnknownSpace) {
  EXPECT_THROW(spaces.set_variable("alice/nope", "K", "v"), NotFoundError);
  EXPECT_THROW(spaces.set_secret("alice/nope", "K", "v"), NotFoundError);
  EXPECT_THROW(spaces.variables("alice/nope"), NotFoundError);
  EXPECT_THROW(spaces.secret_keys("alice/nope"), NotFoundError);
  EXPECT_THROW(spaces.secret_values("alice/nope"), NotFoundError);
  EXPECT_THROW(spaces.remove_variable("alice/nope", "K"), NotFoundError);
  EXPECT_THROW(spaces.remove_secret("alice/nope", "K"), NotFoundError);
  EXPECT_EQ(error_of<NotFoundError>([&] { spaces.remove("alice/nope"); }),
            "Space alice/nope not found");
}

TEST_F(SpaceStoreTest, Secrets) {
  spaces.create("alice", "demo", false);
  spaces.set_secret("alice/demo", "HF_TOKEN", kSecret, "for the model");
  spaces.set_secret("alice/demo", "API_KEY", "second");
  auto keys = spaces.secret_keys("alice/demo");
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].key, "API_KEY");
  EXPECT_EQ(keys[0].description, "");
  EXPECT_EQ(keys[1].key, "HF_TOKEN");
  EXPECT_EQ(keys[1].description, "for the model");
  EXPECT_FALSE(keys[1].updated.empty());

  auto values = spaces.secret_values("ALICE/DEMO");
  EXPECT_EQ(values, (std::map<std::string, std::string>{{"API_KEY", "second"},
                                                        {"HF_TOKEN", std::string(kSecret)}}));

  spaces.set_secret("alice/demo", "HF_TOKEN", "rotated");
  EXPECT_EQ(spaces.secret_values("alice/demo").at("HF_TOKEN"), "rotated");
  EXPECT_EQ(spaces.secret_keys("alice/demo")[1].description, "for the model");

  EXPECT_TRUE(spaces.remove_secret("alice/demo", "API_KEY"));
  EXPECT_FALSE(spaces.remove_secret("alice/demo", "API_KEY"));
  EXPECT_EQ(spaces.secret_values("alice/demo").size(), 1u);

  // Secrets of one Space are not another's.
  spaces.create("alice", "other", false);
  EXPECT_TRUE(spaces.secret_values("alice/other").empty());
}

TEST_F(SpaceStoreTest, SecretValuesNeverReachTheDatabase) {
  spaces.create("alice", "demo", false);
  // The positive control: a variable's value is found where the search looks.
  spaces.set_variable("alice/demo", "VISIBLE", "plain-variable-value-42");
  spaces.set_secret("alice/demo", "HF_TOKEN", kSecret);
  spaces.set_secret("alice/demo", "HF_TOKEN", std::string(kSecret) + "-v2");
  spaces.set_secret("alice/demo", "OTHER", kSecret);
  auto bytes = database_bytes();
  EXPECT_NE(bytes.find("plain-variable-value-42"), std::string::npos);
  EXPECT_EQ(bytes.find(kSecret), std::string::npos);
  EXPECT_EQ(bytes.find("do-not-leak"), std::string::npos);
  // What is stored is SecretBox output, and it opens to the value.
  store::Statement st(db, "SELECT sealed FROM space_secrets WHERE key = 'OTHER'");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(box.open(st.column_text(0)), kSecret);
  st.reset();
  // The same value sealed twice is stored twice differently.
  EXPECT_EQ(count("SELECT count(DISTINCT sealed) FROM space_secrets"), 2);

  // After a checkpoint too, when the WAL's pages are in the main file.
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  EXPECT_EQ(database_bytes().find(kSecret), std::string::npos);
  EXPECT_NE(database_bytes().find("plain-variable-value-42"), std::string::npos);
}

TEST_F(SpaceStoreTest, AKeyIsAVariableOrASecretNeverBoth) {
  spaces.create("alice", "demo", false);
  spaces.set_variable("alice/demo", "MODEL", "gpt2");
  spaces.set_secret("alice/demo", "TOKEN", kSecret);
  EXPECT_EQ(error_of<ConflictError>([&] { spaces.set_secret("alice/demo", "MODEL", "x"); }),
            "MODEL is already a variable of Space alice/demo; a key cannot be both a variable "
            "and a secret");
  auto message = error_of<ConflictError>([&] { spaces.set_variable("alice/demo", "TOKEN", "x"); });
  EXPECT_EQ(message,
            "TOKEN is already a secret of Space alice/demo; a key cannot be both a variable and "
            "a secret");
  EXPECT_EQ(spaces.variables("alice/demo").size(), 1u);
  EXPECT_EQ(spaces.secret_values("alice/demo").at("TOKEN"), kSecret);
  // Once removed, the key may change sides; another Space is unaffected.
  spaces.remove_secret("alice/demo", "TOKEN");
  spaces.set_variable("alice/demo", "TOKEN", "now public");
  spaces.create("alice", "other", false);
  spaces.set_secret("alice/other", "MODEL", "x");
}

TEST_F(SpaceStoreTest, RemoveCascadesToVariablesAndSecrets) {
  spaces.create("alice", "demo", false);
  spaces.create("alice", "keep", false);
  spaces.set_variable("alice/demo", "A", "1");
  spaces.set_secret("alice/demo", "S", kSecret);
  spaces.set_variable("alice/keep", "A", "1");
  spaces.set_secret("alice/keep", "S", kSecret);
  spaces.set_current("alice/demo", "c", "i", "ctr");
  auto removed = spaces.remove("Alice/Demo");
  EXPECT_EQ(removed.id, "alice/demo");
  EXPECT_EQ(removed.current_container, "ctr");
  EXPECT_FALSE(spaces.find("alice/demo"));
  EXPECT_EQ(count("SELECT count(*) FROM space_variables WHERE space_id = 'alice/demo'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM space_secrets WHERE space_id = 'alice/demo'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM space_variables"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM space_secrets"), 1);
  // A new Space of the same name starts empty.
  spaces.create("alice", "demo", false);
  EXPECT_TRUE(spaces.variables("alice/demo").empty());
  EXPECT_TRUE(spaces.secret_keys("alice/demo").empty());
}

TEST_F(SpaceStoreTest, SchemaRefusesOrphanEntries) {
  EXPECT_THROW(db.exec("INSERT INTO space_variables(space_id, key, value, updated) "
                       "VALUES ('alice/nope', 'A', '1', 'x')"),
               Error);
  EXPECT_THROW(db.exec("INSERT INTO space_secrets(space_id, key, sealed, updated) "
                       "VALUES ('alice/nope', 'A', '1', 'x')"),
               Error);
}

TEST_F(SpaceStoreTest, SecretsNeedTheirKey) {
  spaces.create("alice", "demo", false);
  spaces.set_secret("alice/demo", "HF_TOKEN", kSecret);
  // The database moved to a machine with another key file.
  TempDir other_root;
  SecretBox other_box(other_root.path());
  SpaceStore elsewhere(db, other_box);
  auto message = error_of<Error>([&] { elsewhere.secret_values("alice/demo"); });
  EXPECT_EQ(message,
            "secret HF_TOKEN of Space alice/demo: secret cannot be decrypted: wrong key or "
            "corrupted");
  EXPECT_EQ(message.find(kSecret), std::string::npos);
  // Keys and descriptions need no key.
  EXPECT_EQ(elsewhere.secret_keys("alice/demo").size(), 1u);
}

TEST_F(SpaceStoreTest, ASecondConnectionSeesTheSameSpaces) {
  store::Database other_db(root.path() / "berth.db",
                           std::vector<const store::Schema*>{&spaces_schema()});
  SpaceStore other(other_db, box);
  spaces.create("alice", "demo", false);
  spaces.set_secret("alice/demo", "S", kSecret);
  EXPECT_THROW(other.create("alice", "demo", false), SpaceExistsError);
  EXPECT_EQ(other.secret_values("alice/demo").at("S"), kSecret);
}

}  // namespace space_store_test
}  // namespace berth::spaces
