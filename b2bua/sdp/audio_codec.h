#pragma once

// AudioCodec: the audio codecs Chorus negotiates and what SDP says about each
// (rtpmap name, RTP clock rate, static payload type, the telephone-event
// clock rate that goes with it, packet times it can do). Constant tables,
// any thread.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "b2bua/sdp/sdp_attributes.h"
#include "media/base/result.h"

namespace chorus::b2bua {

enum class AudioCodec { kOpus, kG722, kPcmu, kPcma };

struct AudioCodecInfo {
  AudioCodec codec;
  const char* name;         // rtpmap encoding name as we write it
  int clock_rate_hz;        // RTP clock rate (G.722 is 8000, RFC 3551 4.5.2)
  int rtpmap_channels;      // written in rtpmap: 2 for Opus (RFC 7587 7), else 0 (omitted)
  int static_payload_type;  // RFC 3551 table 4, or -1
  int default_payload_type;
  int telephone_event_hz;          // RFC 4733 events must share the codec's clock rate
  std::span<const int> ptimes_ms;  // packet times the codec can produce, ascending
};

const AudioCodecInfo& GetAudioCodecInfo(AudioCodec codec);
// "opus/48000/2", "G722/8000", ... (what we accept, for 488 reasons).
std::string AudioCodecSpec(AudioCodec codec);
// "opus", "G722", "PCMU", "PCMA", or the full spec, case-insensitive (for
// configuration: `codecs: [opus, G722, PCMU]`).
Result<AudioCodec> ParseAudioCodec(std::string_view name);

// Which of our codecs a payload type of an m= line carries, from its rtpmap
// when present, else from the static table (0 PCMU, 8 PCMA, 9 G722).
// Encoding names compare case-insensitively. Opus must say opus/48000 (the
// channel count may be 2, 1 or absent); G.722 on its static payload type is
// recognised whatever rate its rtpmap claims (some phones write 16000).
std::optional<AudioCodec> IdentifyAudioCodec(int payload_type,
                                             const std::optional<SdpRtpmap>& rtpmap);

// Largest packet time the codec can produce that does not exceed
// `requested_ms` (the codec's smallest when `requested_ms` is below it).
int ClampPtimeMs(AudioCodec codec, int requested_ms);

}  // namespace chorus::b2bua
