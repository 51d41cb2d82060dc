#include "spaces/user_store.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/spaces_schema.hpp"
#include "spaces/token.hpp"

namespace berth::spaces {
namespace user_store_test {

template <typename E, typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "no error";
}

class UserStoreTest : public ::testing::Test {
 protected:
  int64_t count(const std::string& sql) {
    store::Statement st(db, sql);
    st.step();
    return st.column_int(0);
  }

  // Every byte SQLite keeps for the database: the main file and its WAL.
  std::string database_bytes() {
    std::string all;
    for (const auto& e : fs::directory_iterator(root.path())) {
      if (e.path().filename().string().starts_with("berth.db")) all += read_file(e.path());
    }
    return all;
  }

  TempDir root;
  store::Database db{root.path() / "berth.db", std::vector<const store::Schema*>{&spaces_schema()}};
  UserStore users{db};
};

TEST_F(UserStoreTest, CreatesAndFindsUsers) {
  auto alice = users.create_user("alice");
  EXPECT_EQ(alice.name, "alice");
  EXPECT_EQ(alice.id.size(), 24u);
  EXPECT_EQ(alice.id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_FALSE(alice.created.empty());
  auto back = users.find_user("alice");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id, alice.id);
  EXPECT_EQ(back->created, alice.created);
  // Names compare case-insensitively and come back as created.
  EXPECT_EQ(users.find_user("ALICE")->name, "alice");
  EXPECT_FALSE(users.find_user("bob"));

  auto bob = users.create_user("Bob-2");
  EXPECT_NE(bob.id, alice.id);
  // Ids start with the creation time, as Hub (ObjectId) ids do.
  EXPECT_EQ(bob.id.substr(0, 4), alice.id.substr(0, 4));
  auto all = users.list_users();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "alice");
  EXPECT_EQ(all[1].name, "Bob-2");
}

TEST_F(UserStoreTest, CreateRefusesTakenAndInvalidNames) {
  users.create_user("alice");
  EXPECT_EQ(error_of<ConflictError>([&] { users.create_user("alice"); }),
            "user alice already exists");
  EXPECT_EQ(error_of<ConflictError>([&] { users.create_user("Alice"); }),
            "user Alice already exists");
  for (const std::string& bad :
       std::vector<std::string>{"", "-a", "a--b", "a_b", "a b", std::string(40, 'x')}) {
    EXPECT_THROW(users.create_user(bad), InvalidArgumentError) << bad;
  }
  users.create_user(std::string(39, 'x'));
  EXPECT_EQ(users.list_users().size(), 2u);
}

TEST_F(UserStoreTest, TokensAreStoredOnlyAsHashes) {
  users.create_user("alice");
  auto created = users.create_token("alice", "laptop", true);
  EXPECT_TRUE(looks_like_token(created.token));
  EXPECT_EQ(created.info.user, "alice");
  EXPECT_EQ(created.info.name, "laptop");
  EXPECT_EQ(created.info.role, "write");
  EXPECT_FALSE(created.info.created.empty());
  EXPECT_EQ(created.info.last_used, "");

  store::Statement st(db, "SELECT hash FROM tokens");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_text(0), token_hash(created.token));
  st.reset();
  EXPECT_EQ(database_bytes().find(created.token), std::string::npos);
  EXPECT_NE(database_bytes().find(token_hash(created.token)), std::string::npos);
}

TEST_F(UserStoreTest, AuthenticateReturnsTheIdentity) {
  users.create_user("Alice");
  auto write = users.create_token("alice", "ci", true);
  auto read = users.create_token("ALICE", "reader", false);
  EXPECT_EQ(read.info.user, "Alice");

  auto id = users.authenticate(write.token);
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "Alice");
  EXPECT_EQ(id->token_name, "ci");
  EXPECT_EQ(id->role, "write");
  EXPECT_TRUE(id->can_write());

  auto r = users.authenticate(read.token);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->role, "read");
  EXPECT_FALSE(r->can_write());

  EXPECT_FALSE(users.authenticate(""));
  EXPECT_FALSE(users.authenticate("hf_" + std::string(34, 'a')));
  EXPECT_FALSE(users.authenticate(write.token.substr(0, 36)));
  EXPECT_FALSE(users.authenticate(write.token + "x"));
  EXPECT_FALSE(users.authenticate(token_hash(write.token)));
}

TEST_F(UserStoreTest, AuthenticateRecordsLastUseAtMostOnceAMinute) {
  users.create_user("alice");
  auto t = users.create_token("alice", "ci", true);
  ASSERT_TRUE(users.authenticate(t.token));
  auto first = users.list_tokens("alice").at(0).last_used;
  EXPECT_FALSE(first.empty());
  ASSERT_TRUE(users.authenticate(t.token));
  EXPECT_EQ(users.list_tokens("alice").at(0).last_used, first);

  db.exec("UPDATE tokens SET last_used = '2020-01-01T00:00:00Z'");
  ASSERT_TRUE(users.authenticate(t.token));
  auto later = users.list_tokens("alice").at(0).last_used;
  EXPECT_NE(later, "2020-01-01T00:00:00Z");
  EXPECT_FALSE(later.empty());
}

TEST_F(UserStoreTest, ListTokensNeverShowsSecrets) {
  users.create_user("alice");
  users.create_user("bob");
  auto a = users.create_token("alice", "one", true);
  auto b = users.create_token("alice", "two", false);
  users.create_token("bob", "one", true);  // names are per user
  auto list = users.list_tokens("alice");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "one");
  EXPECT_EQ(list[0].role, "write");
  EXPECT_EQ(list[1].name, "two");
  EXPECT_EQ(list[1].role, "read");
  for (const auto& t : list) {
    for (const auto& field : {t.user, t.name, t.role, t.created, t.last_used}) {
      EXPECT_EQ(field.find(a.token), std::string::npos);
      EXPECT_EQ(field.find(token_hash(a.token)), std::string::npos);
      EXPECT_EQ(field.find(b.token), std::string::npos);
      EXPECT_EQ(field.find(token_hash(b.token)), std::string::npos);
    }
  }
  EXPECT_TRUE(users.list_tokens("nobody").empty());
}

TEST_F(UserStoreTest, CreateTokenErrors) {
  users.create_user("alice");
  users.create_token("alice", "ci", true);
  EXPECT_EQ(error_of<ConflictError>([&] { users.create_token("alice", "ci", false); }),
            "user alice already has a token named ci");
  EXPECT_EQ(error_of<NotFoundError>([&] { users.create_token("bob", "ci", true); }),
            "user bob not found");
  for (const std::string& bad :
       std::vector<std::string>{std::string(), std::string(101, 'x'), std::string("a\nb"),
                                std::string("tab\t"), std::string("a\0b", 3)}) {
    EXPECT_THROW(users.create_token("alice", bad, true), InvalidArgumentError);
  }
  users.create_token("alice", std::string(100, 'x'), true);
  users.create_token("alice", "my laptop (work) \xc3\xa9", true);
  EXPECT_EQ(users.list_tokens("alice").size(), 3u);
}

TEST_F(UserStoreTest, RevokedTokensStopWorking) {
  users.create_user("alice");
  auto keep = users.create_token("alice", "keep", true);
  auto drop = users.create_token("alice", "drop", true);
  users.revoke_token("ALICE", "drop");
  EXPECT_FALSE(users.authenticate(drop.token));
  EXPECT_TRUE(users.authenticate(keep.token));
  EXPECT_EQ(error_of<NotFoundError>([&] { users.revoke_token("alice", "drop"); }),
            "token drop not found");
  EXPECT_EQ(error_of<NotFoundError>([&] { users.revoke_token("bob", "keep"); }),
            "token keep not found");
  ASSERT_EQ(users.list_tokens("alice").size(), 1u);
  // The name is free again.
  auto again = users.create_token("alice", "drop", false);
  EXPECT_NE(again.token, drop.token);
  EXPECT_FALSE(users.authenticate(drop.token));
  EXPECT_EQ(users.authenticate(again.token)->role, "read");
}

TEST_F(UserStoreTest, RemovingAUserRemovesTheirTokens) {
  users.create_user("alice");
  users.create_user("bob");
  auto a = users.create_token("alice", "ci", true);
  auto b = users.create_token("bob", "ci", true);
  users.remove_user("Alice");
  EXPECT_FALSE(users.find_user("alice"));
  EXPECT_FALSE(users.authenticate(a.token));
  EXPECT_TRUE(users.authenticate(b.token));
  EXPECT_EQ(count("SELECT count(*) FROM tokens WHERE user = 'alice'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM tokens"), 1);
  EXPECT_EQ(error_of<NotFoundError>([&] { users.remove_user("alice"); }), "user alice not found");
}

TEST_F(UserStoreTest, RemovingAUserWhoOwnsSpacesIsRefused) {
  users.create_user("alice");
  db.exec("INSERT INTO spaces(id, owner, name, created) VALUES ('alice/a', 'alice', 'a', 'x')");
  db.exec("INSERT INTO spaces(id, owner, name, created) VALUES ('alice/b', 'alice', 'b', 'x')");
  EXPECT_EQ(error_of<ConflictError>([&] { users.remove_user("alice"); }),
            "user alice still owns 2 Spaces; remove them first");
  db.exec("DELETE FROM spaces WHERE id = 'alice/b'");
  EXPECT_EQ(error_of<ConflictError>([&] { users.remove_user("alice"); }),
            "user alice still owns 1 Space; remove it first");
  db.exec("DELETE FROM spaces");
  users.remove_user("alice");
}

TEST_F(UserStoreTest, SchemaRefusesBadRowsAndOrphans) {
  users.create_user("alice");
  EXPECT_THROW(db.exec("INSERT INTO tokens(hash, user, name, role, created) "
                       "VALUES ('h', 'alice', 'n', 'admin', 'x')"),
               Error);
  EXPECT_THROW(db.exec("INSERT INTO tokens(hash, user, name, role, created) "
                       "VALUES ('h', 'nobody', 'n', 'read', 'x')"),
               Error);
}

TEST_F(UserStoreTest, TwoConnectionsShareUsersAndTokens) {
  store::Database other_db(root.path() / "berth.db",
                           std::vector<const store::Schema*>{&spaces_schema()});
  UserStore other(other_db);
  users.create_user("alice");
  auto t = users.create_token("alice", "ci", true);
  EXPECT_EQ(other.authenticate(t.token)->user, "alice");
  EXPECT_THROW(other.create_user("alice"), ConflictError);
}

}  // namespace user_store_test
}  // namespace berth::spaces
