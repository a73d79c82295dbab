// Scenarios: first match wins in table order; $N captures expand into room,
// menu and target; no match gives nothing; over-long users never match.

#include "b2bua/call/route_table.h"

#include <gtest/gtest.h>

namespace chorus::b2bua {
namespace {

RouteTable Table() {
  std::vector<RouteConfig> routes = {
      {.match = "^conf-(.+)$", .action = RouteAction::kConference, .room = "$1"},
      {.match = "^echo$", .action = RouteAction::kEcho},
      {.match = "^bridge-(.+)$", .action = RouteAction::kBridge,
       .target = "sip:$1@127.0.0.1:5070"},
      {.match = "^conf-", .action = RouteAction::kEcho},
  };
  auto t = RouteTable::Compile(routes);
  EXPECT_TRUE(t);
  return *t;
}

TEST(RouteTableTest, FirstMatchAndCaptures) {
  RouteTable t = Table();
  auto m = t.Find("conf-room1");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->index, 0u);
  EXPECT_EQ(m->action, RouteAction::kConference);
  EXPECT_EQ(m->room, "room1");
  auto b = t.Find("bridge-alice");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->target, "sip:alice@127.0.0.1:5070");
}

TEST(RouteTableTest, NoMatch) {
  RouteTable t = Table();
  EXPECT_FALSE(t.Find("nobody"));
  EXPECT_FALSE(t.Find(""));
  EXPECT_FALSE(t.Find("conf-" + std::string(300, 'x')));
}

TEST(RouteTableTest, ExpandCaptures) {
  EXPECT_EQ(ExpandCaptures("a$1b$$c$9", {"all", "X"}), "aXb$c");
}

}  // namespace
}  // namespace chorus::b2bua
