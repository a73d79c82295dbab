#pragma once

// Config: everything chorusd reads from its YAML file, validated once at
// load into plain structs that app/ passes down by const reference. Errors
// name the key path (`sip.listen: ...`). Used on the main thread only.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "b2bua/call/route_table.h"
#include "b2bua/sdp/audio_codec.h"
#include "b2bua/sip/sip_options.h"
#include "media/base/log.h"
#include "media/base/result.h"
#include "media/base/socket_address.h"
#include "media/rtp/rtp_options.h"

namespace chorus::app {

struct ApiConfig {
  std::optional<SocketAddress> listen;  // no api: section, no HTTP server
  std::string token;                    // bearer token; empty = open
  bool protect_metrics = false;         // require the token on /metrics too
};

struct MediaConfig {
  int workers = 0;  // 0: one per core
  // Our codec preference, for answers and offers.
  std::vector<b2bua::AudioCodec> codecs = {b2bua::AudioCodec::kOpus, b2bua::AudioCodec::kG722,
                                           b2bua::AudioCodec::kPcmu, b2bua::AudioCodec::kPcma};
  int ptime_ms = 20;
  int jitter_min_ms = 20;
  int jitter_max_ms = 200;
  std::string mixer_kernel = "auto";  // auto, scalar, sse2, avx2, neon
};

struct Config {
  log::Level log_level = log::Level::kInfo;
  b2bua::SipOptions sip;
  media::RtpOptions rtp;
  MediaConfig media;
  ApiConfig api;
  b2bua::LimitsOptions limits;
  std::vector<b2bua::RouteConfig> routes;
};

// Parses YAML text; `source` names it in errors (a file name).
Result<Config> ParseConfig(std::string_view yaml_text, std::string_view source);
// Reads and parses a file.
Result<Config> LoadConfigFile(const std::string& path);

// "30s", "500ms", "2m", "1h" or a bare number of seconds.
Result<int64_t> ParseDurationMs(std::string_view text);

}  // namespace chorus::app
