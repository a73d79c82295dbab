#pragma once

// RouteTable: the ordered `routes:` list. Each route's regex is compiled once
// at load; an INVITE's Request-URI user is matched against them in order and
// the first match wins. `$1`..`$9` in a route's parameters expand to the
// match's capture groups. Immutable after Compile(); a reload builds a new
// table. Used on the signalling thread.

#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "media/base/result.h"

namespace chorus::b2bua {

enum class RouteAction { kConference, kIvr, kEcho, kBridge };

const char* RouteActionName(RouteAction action);
Result<RouteAction> ParseRouteAction(std::string_view name);

struct RouteConfig {
  std::string match;  // ECMAScript regex over the R-URI user part, anchored by the author
  RouteAction action = RouteAction::kEcho;
  std::string room;    // conference
  std::string menu;    // ivr
  std::string target;  // bridge: SIP URI
  std::string pin;     // conference: optional PIN asked before joining
};

struct RouteMatch {
  size_t index = 0;  // position in the table, for logs and metrics
  RouteAction action = RouteAction::kEcho;
  std::string room;
  std::string menu;
  std::string target;
  std::string pin;
  std::vector<std::string> captures;  // [0] is the whole user
};

class RouteTable {
 public:
  RouteTable() = default;
  // Fails naming the route (`routes[2].match: ...`) when a regex does not
  // compile or a parameter refers to a capture group the regex lacks.
  static Result<RouteTable> Compile(std::vector<RouteConfig> routes);

  // Users longer than kMaxUserBytes never match (they get 404).
  static constexpr size_t kMaxUserBytes = 256;
  std::optional<RouteMatch> Find(std::string_view user) const;
  size_t size() const { return routes_.size(); }
  const RouteConfig& route(size_t i) const { return routes_[i].config; }

 private:
  struct Compiled {
    RouteConfig config;
    std::regex regex;
  };
  std::vector<Compiled> routes_;
};

// Replaces $0..$9 in `templ` with captures; "$$" is a literal '$'.
std::string ExpandCaptures(std::string_view templ, const std::vector<std::string>& captures);

}  // namespace chorus::b2bua
