#include "b2bua/call/route_table.h"

namespace chorus::b2bua {

const char* RouteActionName(RouteAction action) {
  switch (action) {
    case RouteAction::kConference: return "conference";
    case RouteAction::kIvr: return "ivr";
    case RouteAction::kEcho: return "echo";
    case RouteAction::kBridge: return "bridge";
  }
  return "?";
}

Result<RouteAction> ParseRouteAction(std::string_view name) {
  for (RouteAction a :
       {RouteAction::kConference, RouteAction::kIvr, RouteAction::kEcho, RouteAction::kBridge}) {
    if (name == RouteActionName(a)) return a;
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "unknown action '" + std::string(name) +
                       "' (expected conference, ivr, echo or bridge)");
}

namespace {

// Highest $N referenced in `templ`, or -1.
int MaxCaptureRef(std::string_view templ) {
  int max_ref = -1;
  for (size_t i = 0; i + 1 < templ.size(); ++i) {
    if (templ[i] != '$') continue;
    char c = templ[i + 1];
    if (c == '$') {
      ++i;
    } else if (c >= '0' && c <= '9') {
      max_ref = std::max(max_ref, c - '0');
      ++i;
    }
  }
  return max_ref;
}

}  // namespace

std::string ExpandCaptures(std::string_view templ, const std::vector<std::string>& captures) {
  std::string out;
  out.reserve(templ.size() + 16);
  for (size_t i = 0; i < templ.size(); ++i) {
    char c = templ[i];
    if (c == '$' && i + 1 < templ.size()) {
      char n = templ[i + 1];
      if (n == '$') {
        out += '$';
        ++i;
        continue;
      }
      if (n >= '0' && n <= '9') {
        size_t idx = static_cast<size_t>(n - '0');
        if (idx < captures.size()) out += captures[idx];
        ++i;
        continue;
      }
    }
    out += c;
  }
  return out;
}

Result<RouteTable> RouteTable::Compile(std::vector<RouteConfig> routes) {
  RouteTable table;
  table.routes_.reserve(routes.size());
  for (size_t i = 0; i < routes.size(); ++i) {
    std::string where = "routes[" + std::to_string(i) + "]";
    Compiled c;
    c.config = std::move(routes[i]);
    try {
      c.regex = std::regex(c.config.match, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return MakeError(ErrorCode::kInvalidArgument,
                       where + ".match: bad regex '" + c.config.match + "': " + e.what());
    }
    int groups = static_cast<int>(c.regex.mark_count());
    struct Param {
      const char* key;
      const std::string* value;
    };
    for (Param p : {Param{"room", &c.config.room}, Param{"menu", &c.config.menu},
                    Param{"target", &c.config.target}, Param{"pin", &c.config.pin}}) {
      int ref = MaxCaptureRef(*p.value);
      if (ref > groups) {
        return MakeError(ErrorCode::kInvalidArgument,
                         where + "." + p.key + ": refers to $" + std::to_string(ref) +
                             " but the match has " + std::to_string(groups) + " capture group(s)");
      }
    }
    table.routes_.push_back(std::move(c));
  }
  return table;
}

std::optional<RouteMatch> RouteTable::Find(std::string_view user) const {
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Compiled& c = routes_[i];
    std::match_results<std::string_view::const_iterator> m;
    // The user part comes from the network: bound it, and treat a regex
    // engine failure (complexity, stack) as no match rather than an escape.
    if (user.size() > kMaxUserBytes) return std::nullopt;
    bool matched = false;
    try {
      matched = std::regex_search(user.begin(), user.end(), m, c.regex);
    } catch (const std::regex_error&) {
      matched = false;
    }
    if (!matched) continue;
    RouteMatch out;
    out.index = i;
    out.action = c.config.action;
    for (size_t g = 0; g < m.size() && g < 10; ++g) out.captures.push_back(m[g].str());
    out.room = ExpandCaptures(c.config.room, out.captures);
    out.menu = ExpandCaptures(c.config.menu, out.captures);
    out.target = ExpandCaptures(c.config.target, out.captures);
    out.pin = ExpandCaptures(c.config.pin, out.captures);
    return out;
  }
  return std::nullopt;
}

}  // namespace chorus::b2bua
