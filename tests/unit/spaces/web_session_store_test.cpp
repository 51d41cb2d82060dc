#include "spaces/web_session_store.hpp"

#include <gtest/gtest.h>

#include "base/fs.hpp"
#include "base/time_format.hpp"
#include "spaces/spaces_schema.hpp"
#include "spaces/token.hpp"
#include "spaces/user_store.hpp"

namespace berth::spaces {
namespace {

class WebSessionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    users.create_user("alice");
    token = users.create_token("alice", "laptop", true).token;
    read_token = users.create_token("alice", "reader", false).token;
  }

  int64_t count(const std::string& sql) {
    store::Statement st(db, sql);
    st.step();
    return st.column_int(0);
  }

  TempDir root;
  store::Database db{root.path() / "berth.db", std::vector<const store::Schema*>{&spaces_schema()}};
  UserStore users{db};
  WebSessionStore sessions{db};
  std::string token, read_token;
};

TEST_F(WebSessionStoreTest, ASessionActsAsItsToken) {
  auto created = sessions.create(token);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->id.size(), 64u);
  EXPECT_EQ(created->session.csrf.size(), 64u);
  EXPECT_NE(created->id, created->session.csrf);
  EXPECT_EQ(created->session.identity.user, "alice");
  EXPECT_EQ(created->session.identity.token_name, "laptop");
  EXPECT_TRUE(created->session.identity.can_write());

  auto found = sessions.find(created->id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->identity.user, "alice");
  EXPECT_EQ(found->csrf, created->session.csrf);

  auto reader = sessions.create(read_token);
  ASSERT_TRUE(reader);
  EXPECT_FALSE(sessions.find(reader->id)->identity.can_write());
}

TEST_F(WebSessionStoreTest, RefusesTokensThatAuthenticateNoOne) {
  EXPECT_FALSE(sessions.create(""));
  EXPECT_FALSE(sessions.create("hf_notatokenofanyone"));
  EXPECT_FALSE(sessions.create(new_token()));  // well-formed, unknown
  EXPECT_EQ(count("SELECT COUNT(*) FROM web_sessions"), 0);
}

TEST_F(WebSessionStoreTest, StoresNoSessionIdOnlyItsHash) {
  auto created = sessions.create(token);
  store::Statement st(db, "SELECT hash, token_hash FROM web_sessions");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_text(0), token_hash(created->id));
  EXPECT_NE(st.column_text(0), created->id);
  EXPECT_EQ(st.column_text(1), token_hash(token));
}

TEST_F(WebSessionStoreTest, UnknownAndMalformedIdsFindNothing) {
  sessions.create(token);
  EXPECT_FALSE(sessions.find(""));
  EXPECT_FALSE(sessions.find(std::string(64, 'g')));
  EXPECT_FALSE(sessions.find(new_web_secret()));
  EXPECT_FALSE(sessions.find("' OR 1=1 --"));
}

TEST_F(WebSessionStoreTest, RevokingTheTokenEndsItsSessions) {
  auto created = sessions.create(token);
  auto other = sessions.create(read_token);
  users.revoke_token("alice", "laptop");
  EXPECT_FALSE(sessions.find(created->id));
  EXPECT_TRUE(sessions.find(other->id));
}

TEST_F(WebSessionStoreTest, SigningOutEndsOnlyThatSession) {
  auto first = sessions.create(token);
  auto second = sessions.create(token);
  sessions.remove(first->id);
  EXPECT_FALSE(sessions.find(first->id));
  EXPECT_TRUE(sessions.find(second->id));
  sessions.remove(first->id);  // twice: harmless
}

TEST_F(WebSessionStoreTest, ExpiredSessionsAreGoneAndRemoved) {
  auto created = sessions.create(token);
  store::Statement st(db, "UPDATE web_sessions SET expires = ?1");
  st.bind_all(format_rfc3339_nano(std::chrono::system_clock::now() - std::chrono::seconds(1)));
  st.run();
  EXPECT_FALSE(sessions.find(created->id));
  EXPECT_EQ(count("SELECT COUNT(*) FROM web_sessions"), 0);
}

TEST_F(WebSessionStoreTest, RemovingTheUserEndsTheirSessions) {
  auto created = sessions.create(token);
  users.remove_user("alice");
  EXPECT_FALSE(sessions.find(created->id));
  EXPECT_EQ(count("SELECT COUNT(*) FROM web_sessions"), 0);
}

TEST(NewWebSecret, Is64HexDigitsAndNeverRepeats) {
  auto a = new_web_secret(), b = new_web_secret();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace berth::spaces
