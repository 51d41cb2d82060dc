#include "server/visit_passes.hpp"

#include <gtest/gtest.h>

namespace berth::server {
namespace {

class VisitPassesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    passes.set_clock_for_testing([this] { return now; });
  }
  VisitPasses::Clock::time_point now{};
  VisitPasses passes;
};

TEST_F(VisitPassesTest, ATicketBecomesAPassForItsSpaceOnce) {
  auto ticket = passes.issue_ticket("alice/app", "alice");
  EXPECT_EQ(ticket.size(), 64u);
  auto pass = passes.redeem(ticket, "Alice/App");  // ids compare case-insensitively
  ASSERT_TRUE(pass);
  EXPECT_NE(*pass, ticket);
  EXPECT_EQ(passes.visitor(*pass, "alice/app"), "alice");
  EXPECT_FALSE(passes.redeem(ticket, "alice/app")) << "a ticket redeems once";
}

TEST_F(VisitPassesTest, ATicketOrPassOfOneSpaceOpensNoOther) {
  auto ticket = passes.issue_ticket("alice/app", "alice");
  EXPECT_FALSE(passes.redeem(ticket, "alice/other"));
  EXPECT_FALSE(passes.redeem(ticket, "alice/app")) << "a ticket tried on another Space is spent";
  auto pass = passes.redeem(passes.issue_ticket("alice/app", "alice"), "alice/app");
  ASSERT_TRUE(pass);
  EXPECT_FALSE(passes.visitor(*pass, "alice/other"));
}

TEST_F(VisitPassesTest, TicketsAndPassesExpire) {
  auto late = passes.issue_ticket("alice/app", "alice");
  now += VisitPasses::kTicketLifetime;
  EXPECT_FALSE(passes.redeem(late, "alice/app"));
  auto pass = passes.redeem(passes.issue_ticket("alice/app", "alice"), "alice/app");
  ASSERT_TRUE(pass);
  now += VisitPasses::kPassLifetime - std::chrono::seconds(1);
  EXPECT_TRUE(passes.visitor(*pass, "alice/app"));
  now += std::chrono::seconds(1);
  EXPECT_FALSE(passes.visitor(*pass, "alice/app"));
}

TEST_F(VisitPassesTest, UnknownValuesOpenNothing) {
  passes.issue_ticket("alice/app", "alice");
  EXPECT_FALSE(passes.redeem("", "alice/app"));
  EXPECT_FALSE(passes.redeem(std::string(64, '0'), "alice/app"));
  EXPECT_FALSE(passes.visitor("", "alice/app"));
  EXPECT_FALSE(passes.visitor(std::string(64, '0'), "alice/app"));
}

}  // namespace
}  // namespace berth::server
