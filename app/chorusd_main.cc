#include "app/chorusd_main.h"

#include <getopt.h>

#include <cstdio>
#include <string>

#include "app/config.h"
#include "app/server.h"
#include "media/base/log.h"

#ifndef CHORUS_VERSION
#define CHORUS_VERSION "0.0.0"
#endif

namespace chorus::app {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

void PrintHelp(FILE* out) {
  fprintf(out,
          "Usage: chorusd --config FILE [options]\n"
          "\n"
          "Chorus: SIP back-to-back user agent and media server\n"
          "(conferences, transcoding bridges, IVR).\n"
          "\n"
          "Options:\n"
          "  -c, --config FILE      YAML configuration file (required)\n"
          "      --check-config     validate the configuration and exit (0 valid, 2 invalid)\n"
          "  -l, --log-level LEVEL  trace, debug, info, warn, error or off\n"
          "                         (overrides log.level from the config)\n"
          "  -h, --help             show this help and exit\n"
          "  -V, --version          print the version and exit\n"
          "\n"
          "Exit status: 0 clean stop, 1 runtime failure, 2 bad usage or configuration.\n");
}

}  // namespace

int ChorusdMain(int argc, char** argv) {
  static const option kOptions[] = {
      {"config", required_argument, nullptr, 'c'},
      {"check-config", no_argument, nullptr, 'k'},
      {"log-level", required_argument, nullptr, 'l'},
      {"help", no_argument, nullptr, 'h'},
      {"version", no_argument, nullptr, 'V'},
      {nullptr, 0, nullptr, 0},
  };
  std::string config_path;
  std::string log_level;
  bool check_only = false;
  opterr = 0;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, ":c:l:hV", kOptions, nullptr)) != -1) {
    switch (c) {
      case 'c': config_path = optarg; break;
      case 'k': check_only = true; break;
      case 'l': log_level = optarg; break;
      case 'h': PrintHelp(stdout); return kExitOk;
      case 'V': printf("chorusd %s\n", CHORUS_VERSION); return kExitOk;
      case ':':
        fprintf(stderr, "chorusd: option %s needs a value (see --help)\n", argv[optind - 1]);
        return kExitUsage;
      default:
        fprintf(stderr, "chorusd: unknown option '%s' (see --help)\n", argv[optind - 1]);
        return kExitUsage;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "chorusd: unexpected argument '%s' (see --help)\n", argv[optind]);
    return kExitUsage;
  }
  if (config_path.empty()) {
    fprintf(stderr, "chorusd: --config FILE is required (see --help)\n");
    return kExitUsage;
  }
  if (!log_level.empty()) {
    auto level = log::ParseLevel(log_level);
    if (!level) {
      fprintf(stderr, "chorusd: --log-level: %s\n", level.error().message.c_str());
      return kExitUsage;
    }
  }

  auto cfg = LoadConfigFile(config_path);
  if (!cfg) {
    fprintf(stderr, "chorusd: config error: %s\n", cfg.error().message.c_str());
    return kExitUsage;
  }
  if (!log_level.empty()) cfg->log_level = *log::ParseLevel(log_level);
  if (check_only) {
    printf("chorusd: config '%s' is valid\n", config_path.c_str());
    return kExitOk;
  }
  log::SetLevel(cfg->log_level);

  auto server = Server::Create(*cfg);
  if (!server) {
    CHORUS_LOG(kError, "startup_failed").Kv("reason", server.error().message);
    return kExitRuntime;
  }
  CHORUS_LOG(kInfo, "started").Kv("version", CHORUS_VERSION).Kv("config", config_path);
  int status = (*server)->Run();
  CHORUS_LOG(kInfo, "stopped").Kv("status", status);
  return status == 0 ? kExitOk : kExitRuntime;
}

}  // namespace chorus::app
