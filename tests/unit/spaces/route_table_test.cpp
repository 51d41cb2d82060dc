#include "spaces/route_table.hpp"

#include <gtest/gtest.h>

namespace berth::spaces {
namespace {

using Clock = RouteTable::Clock;

const Route kRoute{"10.89.0.2", 7860, "space-alice-demo.1"};

TEST(RouteTableTest, AVisitGetsTheRouteAndHoldsTheSpaceAwake) {
  RouteTable routes;
  EXPECT_FALSE(routes.visit("alice/demo").route) << "unknown Space";
  routes.set("alice/demo", kRoute);
  auto visit = routes.visit("Alice/Demo");  // ids compare case-insensitively
  ASSERT_TRUE(visit.route);
  EXPECT_EQ(visit.route->instance, kRoute.instance);
  ASSERT_TRUE(visit.hold);

  // While the request is open, no idle time is long enough.
  auto later = Clock::now() + std::chrono::hours(1);
  EXPECT_FALSE(routes.take_if_idle("alice/demo", Dormancy::kFrozen, later));
  visit.hold.reset();
  auto taken = routes.take_if_idle("alice/demo", Dormancy::kFrozen, later);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->instance, kRoute.instance);
  EXPECT_FALSE(routes.find("alice/demo"));
  EXPECT_EQ(routes.dormancy("alice/demo"), Dormancy::kFrozen);
  auto asleep = routes.visit("alice/demo");
  EXPECT_FALSE(asleep.route);
  EXPECT_FALSE(asleep.hold);
  EXPECT_EQ(asleep.dormancy, Dormancy::kFrozen);
}

TEST(RouteTableTest, ASpaceActiveSinceTheIdleMarkIsNotTaken) {
  RouteTable routes;
  auto before = Clock::now() - std::chrono::seconds(1);
  routes.set("alice/demo", kRoute);  // began to serve after `before`
  EXPECT_FALSE(routes.take_if_idle("alice/demo", Dormancy::kFrozen, before));
  EXPECT_TRUE(routes.find("alice/demo"));
  EXPECT_GE(*routes.last_active("alice/demo"), before);

  routes.visit("alice/demo");  // a request that began and ended
  EXPECT_FALSE(routes.take_if_idle("alice/demo", Dormancy::kFrozen, before));
  EXPECT_FALSE(routes.take_if_idle("bob/none", Dormancy::kFrozen, Clock::now()));
}

TEST(RouteTableTest, ServingAgainEndsDormancyAndEraseForgetsBoth) {
  RouteTable routes;
  routes.set_dormant("alice/demo", Dormancy::kPaused);
  EXPECT_EQ(routes.dormancy("alice/demo"), Dormancy::kPaused);
  routes.set("alice/demo", kRoute);
  EXPECT_EQ(routes.dormancy("alice/demo"), std::nullopt);
  routes.set_dormant("alice/demo", Dormancy::kStopped);
  EXPECT_FALSE(routes.find("alice/demo")) << "a dormant Space has no route";
  routes.erase("alice/demo");
  EXPECT_EQ(routes.dormancy("alice/demo"), std::nullopt);
  EXPECT_EQ(routes.last_active("alice/demo"), std::nullopt);
}

TEST(RouteTableTest, EachSetIsAnnouncedOutsideTheLock) {
  RouteTable routes;
  int announced = 0;
  routes.on_serve([&] {
    ++announced;
    EXPECT_TRUE(routes.find("alice/demo"));  // would deadlock inside the lock
  });
  routes.set_dormant("alice/demo", Dormancy::kPaused);
  EXPECT_EQ(announced, 0);
  routes.set("alice/demo", kRoute);
  routes.set("alice/demo", kRoute);
  EXPECT_EQ(announced, 2);
}

TEST(RouteTableTest, AHoldOutlivesTheRouteItCameWith) {
  RouteTable routes;
  routes.set("alice/demo", kRoute);
  auto hold = routes.visit("alice/demo").hold;
  routes.erase("alice/demo");  // the Space was deleted while a WebSocket streamed
  hold.reset();                // and ends later: nothing dangles
  EXPECT_EQ(routes.last_active("alice/demo"), std::nullopt);
  routes.set("alice/demo", kRoute);
  auto open = routes.visit("alice/demo").hold;
  routes.erase("alice/demo");
  routes.set("alice/demo", kRoute);  // a new route: the open request still counts
  EXPECT_FALSE(
      routes.take_if_idle("alice/demo", Dormancy::kFrozen, Clock::now() + std::chrono::hours(1)));
}

}  // namespace
}  // namespace berth::spaces
