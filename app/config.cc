#include "app/config.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace chorus::app {
namespace {

// Thrown inside this file only; ParseConfig turns it into an Error.
struct ConfigError {
  std::string message;
};

[[noreturn]] void Fail(const std::string& path, const std::string& what) {
  throw ConfigError{path + ": " + what};
}

std::string Join(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string Describe(const YAML::Node& n) {
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a map";
  return "nothing";
}

// Checks that `n` is a map whose keys are all in `allowed`.
void ExpectMap(const YAML::Node& n, const std::string& path,
               std::initializer_list<std::string_view> allowed) {
  if (!n.IsMap()) Fail(path, "expected a map, got " + Describe(n));
  std::set<std::string> seen;
  for (const auto& kv : n) {
    if (!kv.first.IsScalar()) Fail(path, "keys must be plain names");
    const std::string& key = kv.first.Scalar();
    if (!seen.insert(key).second) Fail(Join(path, key), "given twice");
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || key == a;
    if (!ok) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      Fail(Join(path, key), "unknown key (allowed here: " + list + ")");
    }
  }
}

std::string String(const YAML::Node& n, const std::string& path) {
  if (!n.IsScalar()) Fail(path, "expected a string, got " + Describe(n));
  return n.Scalar();
}

int64_t Int(const YAML::Node& n, const std::string& path, int64_t min, int64_t max) {
  if (!n.IsScalar()) Fail(path, "expected a number, got " + Describe(n));
  const std::string& s = n.Scalar();
  int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
    Fail(path, "expected a whole number, got '" + s + "'");
  }
  if (v < min || v > max) {
    Fail(path, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                   ", got " + s);
  }
  return v;
}

bool Bool(const YAML::Node& n, const std::string& path) {
  if (!n.IsScalar()) Fail(path, "expected true or false, got " + Describe(n));
  const std::string& s = n.Scalar();
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  Fail(path, "expected true or false, got '" + s + "'");
}

int64_t Duration(const YAML::Node& n, const std::string& path, int64_t min_ms, int64_t max_ms) {
  if (!n.IsScalar()) Fail(path, "expected a duration like 30s or 500ms, got " + Describe(n));
  auto d = ParseDurationMs(n.Scalar());
  if (!d) Fail(path, d.error().message);
  if (*d < min_ms || *d > max_ms) {
    Fail(path, "must be between " + std::to_string(min_ms) + "ms and " + std::to_string(max_ms) +
                   "ms, got " + n.Scalar());
  }
  return *d;
}

SocketAddress Address(const YAML::Node& n, const std::string& path, int default_port) {
  std::string s = String(n, path);
  auto a = SocketAddress::Parse(s, default_port);
  if (!a) Fail(path, "expected an IP address and port like 127.0.0.1:5060 or [::1]:5060: " +
                         a.error().message);
  return *a;
}

void ParseSip(const YAML::Node& n, b2bua::SipOptions& sip) {
  const std::string p = "sip";
  ExpectMap(n, p,
            {"listen", "max_message_bytes", "t1", "t2", "t4", "tcp_idle_timeout",
             "tcp_max_connections_per_ip", "server_name"});
  if (n["listen"]) {
    sip.listen.clear();
    const YAML::Node& l = n["listen"];
    if (l.IsSequence()) {
      for (size_t i = 0; i < l.size(); ++i) {
        sip.listen.push_back(Address(l[i], p + ".listen[" + std::to_string(i) + "]", 5060));
      }
      if (sip.listen.empty()) Fail(p + ".listen", "needs at least one address");
    } else {
      sip.listen.push_back(Address(l, p + ".listen", 5060));
    }
  }
  if (n["max_message_bytes"]) {
    sip.max_message_bytes =
        static_cast<size_t>(Int(n["max_message_bytes"], p + ".max_message_bytes", 1500, 1 << 20));
  }
  if (n["t1"]) sip.t1_ms = Duration(n["t1"], p + ".t1", 50, 10'000);
  if (n["t2"]) sip.t2_ms = Duration(n["t2"], p + ".t2", 100, 60'000);
  if (n["t4"]) sip.t4_ms = Duration(n["t4"], p + ".t4", 100, 60'000);
  if (sip.t2_ms < sip.t1_ms) Fail(p + ".t2", "must not be shorter than sip.t1");
  if (n["tcp_idle_timeout"]) {
    sip.tcp_idle_timeout_ms =
        Duration(n["tcp_idle_timeout"], p + ".tcp_idle_timeout", 1000, 24 * 3600 * 1000);
  }
  if (n["tcp_max_connections_per_ip"]) {
    sip.tcp_max_connections_per_ip = static_cast<int>(
        Int(n["tcp_max_connections_per_ip"], p + ".tcp_max_connections_per_ip", 1, 100000));
  }
  if (n["server_name"]) sip.server_name = String(n["server_name"], p + ".server_name");
}

void ParseRtp(const YAML::Node& n, media::RtpOptions& rtp) {
  const std::string p = "rtp";
  ExpectMap(n, p, {"address", "ports", "srtp", "timeout", "latching"});
  if (n["address"]) {
    std::string s = String(n["address"], p + ".address");
    auto a = SocketAddress::FromIp(s, 0);
    if (!a) Fail(p + ".address", "expected an IP address, got '" + s + "'");
    rtp.address = *a;
  }
  if (n["ports"]) {
    std::string s = String(n["ports"], p + ".ports");
    size_t dash = s.find('-');
    unsigned lo = 0, hi = 0;
    bool ok = dash != std::string::npos;
    if (ok) {
      auto r1 = std::from_chars(s.data(), s.data() + dash, lo);
      auto r2 = std::from_chars(s.data() + dash + 1, s.data() + s.size(), hi);
      ok = r1.ec == std::errc() && r1.ptr == s.data() + dash && r2.ec == std::errc() &&
           r2.ptr == s.data() + s.size();
    }
    if (!ok) Fail(p + ".ports", "expected a range like 30000-30999, got '" + s + "'");
    if (lo < 1024 || hi > 65535 || lo >= hi) {
      Fail(p + ".ports", "range must lie within 1024-65535 with low < high, got '" + s + "'");
    }
    // RTP on even ports, RTCP on the odd one above (RFC 3550 11).
    unsigned first_even = lo + (lo & 1u);
    if (first_even + 1 > hi) Fail(p + ".ports", "range '" + s + "' holds no RTP/RTCP port pair");
    rtp.port_min = static_cast<uint16_t>(lo);
    rtp.port_max = static_cast<uint16_t>(hi);
  }
  if (n["srtp"]) {
    std::string s = String(n["srtp"], p + ".srtp");
    if (s == "off" || s == "false") {
      rtp.srtp = media::SrtpMode::kOff;
    } else if (s == "optional") {
      rtp.srtp = media::SrtpMode::kOptional;
    } else if (s == "required") {
      rtp.srtp = media::SrtpMode::kRequired;
    } else {
      Fail(p + ".srtp", "expected off, optional or required, got '" + s + "'");
    }
  }
  if (n["timeout"]) rtp.timeout_ms = Duration(n["timeout"], p + ".timeout", 1000, 3600 * 1000);
  if (n["latching"]) {
    std::string s = String(n["latching"], p + ".latching");
    if (s == "symmetric") {
      rtp.latching = media::LatchingMode::kSymmetric;
    } else if (s == "strict") {
      rtp.latching = media::LatchingMode::kStrict;
    } else {
      Fail(p + ".latching", "expected symmetric or strict, got '" + s + "'");
    }
  }
}

void ParseMedia(const YAML::Node& n, MediaConfig& media) {
  const std::string p = "media";
  ExpectMap(n, p, {"workers", "codecs", "ptime", "jitter", "mixer_kernel"});
  if (n["workers"]) media.workers = static_cast<int>(Int(n["workers"], p + ".workers", 0, 256));
  if (n["codecs"]) {
    const YAML::Node& l = n["codecs"];
    if (!l.IsSequence() || l.size() == 0) {
      Fail(p + ".codecs", "expected a list of codecs like [opus, g722, pcmu, pcma]");
    }
    media.codecs.clear();
    for (size_t i = 0; i < l.size(); ++i) {
      std::string path = p + ".codecs[" + std::to_string(i) + "]";
      auto c = b2bua::ParseAudioCodec(String(l[i], path));
      if (!c) Fail(path, c.error().message);
      for (b2bua::AudioCodec existing : media.codecs) {
        if (existing == *c) Fail(path, "listed twice");
      }
      media.codecs.push_back(*c);
    }
  }
  if (n["ptime"]) {
    int64_t ms = Duration(n["ptime"], p + ".ptime", 10, 60);
    if (ms % 10 != 0) Fail(p + ".ptime", "must be a multiple of 10ms");
    media.ptime_ms = static_cast<int>(ms);
  }
  if (n["jitter"]) {
    const YAML::Node& j = n["jitter"];
    ExpectMap(j, p + ".jitter", {"min", "max"});
    if (j["min"]) media.jitter_min_ms = static_cast<int>(Duration(j["min"], p + ".jitter.min", 0, 1000));
    if (j["max"]) media.jitter_max_ms = static_cast<int>(Duration(j["max"], p + ".jitter.max", 20, 2000));
    if (media.jitter_max_ms < media.jitter_min_ms) {
      Fail(p + ".jitter.max", "must not be below media.jitter.min");
    }
  }
  if (n["mixer_kernel"]) {
    media.mixer_kernel = String(n["mixer_kernel"], p + ".mixer_kernel");
    const std::string& k = media.mixer_kernel;
    if (k != "auto" && k != "scalar" && k != "sse2" && k != "avx2" && k != "neon") {
      Fail(p + ".mixer_kernel", "expected auto, scalar, sse2, avx2 or neon, got '" + k + "'");
    }
  }
}

void ParseApi(const YAML::Node& n, ApiConfig& api) {
  const std::string p = "api";
  ExpectMap(n, p, {"listen", "token", "protect_metrics"});
  if (n["listen"]) api.listen = Address(n["listen"], p + ".listen", 8080);
  if (n["token"]) {
    api.token = String(n["token"], p + ".token");
    if (api.token.size() < 16) Fail(p + ".token", "must be at least 16 characters");
  }
  if (n["protect_metrics"]) api.protect_metrics = Bool(n["protect_metrics"], p + ".protect_metrics");
}

void ParseLimits(const YAML::Node& n, b2bua::LimitsOptions& limits) {
  const std::string p = "limits";
  ExpectMap(n, p, {"max_calls", "retry_after"});
  if (n["max_calls"]) {
    limits.max_calls = static_cast<int>(Int(n["max_calls"], p + ".max_calls", 0, 1'000'000));
  }
  if (n["retry_after"]) {
    limits.retry_after_s =
        static_cast<int>(Duration(n["retry_after"], p + ".retry_after", 1000, 3600 * 1000) / 1000);
  }
}

void ParseRoutes(const YAML::Node& n, std::vector<b2bua::RouteConfig>& routes) {
  if (!n.IsSequence()) Fail("routes", "expected a list of routes, got " + Describe(n));
  routes.clear();
  for (size_t i = 0; i < n.size(); ++i) {
    const std::string p = "routes[" + std::to_string(i) + "]";
    const YAML::Node& r = n[i];
    ExpectMap(r, p, {"match", "action", "room", "menu", "target", "pin"});
    b2bua::RouteConfig rc;
    if (!r["match"]) Fail(p + ".match", "missing (a regex over the Request-URI user)");
    rc.match = String(r["match"], p + ".match");
    if (!r["action"]) Fail(p + ".action", "missing (conference, ivr, echo or bridge)");
    auto action = b2bua::ParseRouteAction(String(r["action"], p + ".action"));
    if (!action) Fail(p + ".action", action.error().message);
    rc.action = *action;
    if (r["room"]) rc.room = String(r["room"], p + ".room");
    if (r["menu"]) rc.menu = String(r["menu"], p + ".menu");
    if (r["target"]) rc.target = String(r["target"], p + ".target");
    if (r["pin"]) rc.pin = String(r["pin"], p + ".pin");
    switch (rc.action) {
      case b2bua::RouteAction::kConference:
        if (rc.room.empty()) Fail(p + ".room", "a conference route needs a room");
        break;
      case b2bua::RouteAction::kIvr:
        if (rc.menu.empty()) Fail(p + ".menu", "an ivr route needs a menu");
        break;
      case b2bua::RouteAction::kBridge:
        if (rc.target.rfind("sip:", 0) != 0 && rc.target.rfind("sips:", 0) != 0) {
          Fail(p + ".target", "a bridge route needs a target sip: URI, got '" + rc.target + "'");
        }
        break;
      case b2bua::RouteAction::kEcho:
        break;
    }
    routes.push_back(std::move(rc));
  }
  // Compile now so a bad regex is a load-time error naming the route.
  auto table = b2bua::RouteTable::Compile(routes);
  if (!table) throw ConfigError{table.error().message};
}

Config ParseRoot(const YAML::Node& root) {
  Config cfg;
  cfg.sip.listen.push_back(*SocketAddress::Parse("127.0.0.1:5060"));
  cfg.rtp.address = *SocketAddress::FromIp("127.0.0.1", 0);
  if (root.IsNull()) return cfg;
  ExpectMap(root, "", {"log", "sip", "rtp", "media", "api", "limits", "routes"});
  if (root["log"]) {
    const YAML::Node& l = root["log"];
    ExpectMap(l, "log", {"level"});
    if (l["level"]) {
      auto level = log::ParseLevel(String(l["level"], "log.level"));
      if (!level) Fail("log.level", level.error().message);
      cfg.log_level = *level;
    }
  }
  if (root["sip"]) ParseSip(root["sip"], cfg.sip);
  if (root["rtp"]) ParseRtp(root["rtp"], cfg.rtp);
  if (root["media"]) ParseMedia(root["media"], cfg.media);
  if (root["api"]) ParseApi(root["api"], cfg.api);
  if (root["limits"]) ParseLimits(root["limits"], cfg.limits);
  if (root["routes"]) ParseRoutes(root["routes"], cfg.routes);
  return cfg;
}

}  // namespace

Result<int64_t> ParseDurationMs(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  double value = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), value);
  if (r.ec != std::errc() || !std::isfinite(value) || value < 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "expected a duration like 30s, 500ms, 2m or 1h, got '" + std::string(text) +
                         "'");
  }
  std::string_view unit(r.ptr, s.data() + s.size() - r.ptr);
  double scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1000;
  } else if (unit == "ms") {
    scale = 1;
  } else if (unit == "m" || unit == "min") {
    scale = 60'000;
  } else if (unit == "h") {
    scale = 3'600'000;
  } else {
    return MakeError(ErrorCode::kInvalidArgument,
                     "unknown unit in duration '" + std::string(text) + "' (use ms, s, m or h)");
  }
  double ms = value * scale;
  if (ms > 1e12) {
    return MakeError(ErrorCode::kInvalidArgument, "duration '" + std::string(text) + "' too long");
  }
  return static_cast<int64_t>(std::llround(ms));
}

Result<Config> ParseConfig(std::string_view yaml_text, std::string_view source) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml_text));
    return ParseRoot(root);
  } catch (const ConfigError& e) {
    return MakeError(ErrorCode::kInvalidArgument, e.message);
  } catch (const YAML::Exception& e) {
    std::ostringstream msg;
    msg << source << ":" << (e.mark.line + 1) << ":" << (e.mark.column + 1) << ": YAML syntax error: "
        << e.msg;
    return MakeError(ErrorCode::kInvalidArgument, msg.str());
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(source) + ": " + e.what());
  }
}

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kIo, "cannot read config file '" + path + "'");
  }
  std::stringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kIo, "cannot read config file '" + path + "'");
  auto cfg = ParseConfig(buf.str(), path);
  if (!cfg) {
    return MakeError(cfg.error().code, cfg.error().message);
  }
  return cfg;
}

}  // namespace chorus::app
