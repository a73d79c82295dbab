// Scenarios: the shipped default config and DESIGN.md's minimal config
// load; every class of bad config (unknown key, wrong type, bad regex, bad
// port range, missing route parameter, duplicate key, YAML syntax,
// unreadable file) fails with a message naming the key; durations parse.

#include "app/config.h"

#include <gtest/gtest.h>

#include <string>

namespace chorus::app {
namespace {

constexpr const char* kMinimal = R"(
sip:  { listen: "127.0.0.1:5060" }
rtp:  { address: 127.0.0.1, ports: "30000-30999" }
api:  { listen: "127.0.0.1:8080" }
routes:
  - { match: "^conf-(.+)$",   action: conference, room: "$1" }
  - { match: "^ivr$",         action: ivr, menu: main }
  - { match: "^echo$",        action: echo }
  - { match: "^bridge-(.+)$", action: bridge, target: "sip:$1@127.0.0.1:5070" }
)";

std::string ErrorOf(const std::string& yaml) {
  auto cfg = ParseConfig(yaml, "test.yaml");
  EXPECT_FALSE(cfg) << "expected an error for:\n" << yaml;
  return cfg ? "" : cfg.error().message;
}

TEST(ConfigTest, LoadsDesignMinimalConfig) {
  auto cfg = ParseConfig(kMinimal, "test.yaml");
  ASSERT_TRUE(cfg) << cfg.error().message;
  ASSERT_EQ(cfg->sip.listen.size(), 1u);
  EXPECT_EQ(cfg->sip.listen[0].ToString(), "127.0.0.1:5060");
  EXPECT_EQ(cfg->rtp.port_min, 30000);
  EXPECT_EQ(cfg->rtp.port_max, 30999);
  ASSERT_TRUE(cfg->api.listen.has_value());
  EXPECT_EQ(cfg->api.listen->port(), 8080);
  ASSERT_EQ(cfg->routes.size(), 4u);
  EXPECT_EQ(cfg->routes[3].action, b2bua::RouteAction::kBridge);
}

TEST(ConfigTest, LoadsShippedDefault) {
  auto cfg = LoadConfigFile(std::string(CHORUS_SOURCE_DIR) + "/deploy/chorus.yaml");
  ASSERT_TRUE(cfg) << cfg.error().message;
  EXPECT_FALSE(cfg->routes.empty());
  EXPECT_EQ(cfg->sip.listen[0].IpString(), "127.0.0.1");
}

TEST(ConfigTest, EmptyConfigGetsDefaults) {
  auto cfg = ParseConfig("", "empty.yaml");
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->sip.listen[0].ToString(), "127.0.0.1:5060");
  EXPECT_EQ(cfg->sip.t1_ms, 500);
  EXPECT_EQ(cfg->limits.max_calls, 1000);
}

TEST(ConfigTest, UnknownKeysAreNamed) {
  EXPECT_NE(ErrorOf("sip: { listn: 1.2.3.4:5060 }").find("sip.listn: unknown key"),
            std::string::npos);
  EXPECT_NE(ErrorOf("bogus: 1").find("bogus: unknown key"), std::string::npos);
  EXPECT_NE(ErrorOf("routes: [ { match: x, action: echo, colour: red } ]")
                .find("routes[0].colour: unknown key"),
            std::string::npos);
}

TEST(ConfigTest, WrongTypesAreNamed) {
  EXPECT_NE(ErrorOf("sip: 5").find("sip: expected a map"), std::string::npos);
  EXPECT_NE(ErrorOf("limits: { max_calls: lots }").find("limits.max_calls: expected a whole number"),
            std::string::npos);
  EXPECT_NE(ErrorOf("sip: { listen: [ ] }").find("sip.listen"), std::string::npos);
  EXPECT_NE(ErrorOf("sip: { listen: nowhere:5060 }").find("sip.listen:"), std::string::npos);
  EXPECT_NE(ErrorOf("api: { protect_metrics: maybe }").find("api.protect_metrics"),
            std::string::npos);
  EXPECT_NE(ErrorOf("sip: { t1: fast }").find("sip.t1"), std::string::npos);
}

TEST(ConfigTest, BadRegexIsNamed) {
  std::string e = ErrorOf("routes: [ { match: \"^conf-(\", action: echo } ]");
  EXPECT_NE(e.find("routes[0].match: bad regex"), std::string::npos) << e;
}

TEST(ConfigTest, CaptureBeyondGroupsIsNamed) {
  std::string e = ErrorOf("routes: [ { match: \"^c-(.+)$\", action: conference, room: \"$2\" } ]");
  EXPECT_NE(e.find("routes[0].room: refers to $2"), std::string::npos) << e;
}

TEST(ConfigTest, RouteParametersRequired) {
  EXPECT_NE(ErrorOf("routes: [ { match: x, action: conference } ]").find("routes[0].room"),
            std::string::npos);
  EXPECT_NE(ErrorOf("routes: [ { match: x, action: ivr } ]").find("routes[0].menu"),
            std::string::npos);
  EXPECT_NE(ErrorOf("routes: [ { match: x, action: bridge, target: nowhere } ]")
                .find("routes[0].target"),
            std::string::npos);
  EXPECT_NE(ErrorOf("routes: [ { match: x, action: dance } ]").find("routes[0].action"),
            std::string::npos);
  EXPECT_NE(ErrorOf("routes: [ { action: echo } ]").find("routes[0].match: missing"),
            std::string::npos);
}

TEST(ConfigTest, BadPortRangesAreNamed) {
  for (const char* ports : {"30000", "3000a-4000", "40000-30000", "100-200", "30000-70000",
                            "30001-30001"}) {
    std::string e = ErrorOf(std::string("rtp: { ports: \"") + ports + "\" }");
    EXPECT_NE(e.find("rtp.ports"), std::string::npos) << ports << ": " << e;
  }
}

TEST(ConfigTest, DuplicateKeyIsAnError) {
  EXPECT_NE(ErrorOf("sip: { t1: 1s }\nsip: { t1: 2s }").find("given twice"), std::string::npos);
}

TEST(ConfigTest, YamlSyntaxErrorNamesLine) {
  std::string e = ErrorOf("sip:\n  listen: [1\n");
  EXPECT_NE(e.find("test.yaml:"), std::string::npos) << e;
}

TEST(ConfigTest, UnreadableFile) {
  auto cfg = LoadConfigFile("/nonexistent/chorus.yaml");
  ASSERT_FALSE(cfg);
  EXPECT_NE(cfg.error().message.find("/nonexistent/chorus.yaml"), std::string::npos);
}

TEST(ConfigTest, Durations) {
  EXPECT_EQ(*ParseDurationMs("30s"), 30000);
  EXPECT_EQ(*ParseDurationMs("500ms"), 500);
  EXPECT_EQ(*ParseDurationMs("2m"), 120000);
  EXPECT_EQ(*ParseDurationMs("1.5"), 1500);
  EXPECT_FALSE(ParseDurationMs("soon"));
  EXPECT_FALSE(ParseDurationMs("5 parsecs"));
  EXPECT_FALSE(ParseDurationMs("-1s"));
}

}  // namespace
}  // namespace chorus::app
