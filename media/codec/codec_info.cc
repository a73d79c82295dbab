#include "media/codec/codec_info.h"

#include <algorithm>
#include <array>

#include "media/base/check.h"

namespace chorus::media {
namespace {

// RFC 3551 4.5.14 / 4.5.2: G.711 and G.722 may be packetised in any multiple
// of their sample period; we offer the ptimes peers actually use.
constexpr std::array<uint16_t, 6> kSampleCodecFrames = {10, 20, 30, 40, 50, 60};
// RFC 6716 2.1.4: Opus frames are 2.5-60 ms; we encode the RTP-friendly ones.
constexpr std::array<uint16_t, 4> kOpusFrames = {10, 20, 40, 60};

constexpr std::array<CodecInfo, 4> kCodecs = {{
    {CodecId::kPcmu, "PCMU", 8000, 8000, 1, 0, kSampleCodecFrames, 20},
    {CodecId::kPcma, "PCMA", 8000, 8000, 1, 8, kSampleCodecFrames, 20},
    {CodecId::kG722, "G722", 8000, 16000, 1, 9, kSampleCodecFrames, 20},
    // RFC 7587 7: rtpmap is always opus/48000/2, whatever is actually sent.
    {CodecId::kOpus, "opus", 48000, 48000, 2, std::nullopt, kOpusFrames, 20},
}};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

}  // namespace

bool CodecInfo::AllowsFrameMs(uint32_t ms) const {
  return std::find(frame_ms.begin(), frame_ms.end(), ms) != frame_ms.end();
}

const CodecInfo& GetCodecInfo(CodecId id) {
  size_t index = static_cast<size_t>(id);
  CHORUS_CHECK(index < kCodecs.size());
  CHORUS_DCHECK(kCodecs[index].id == id);
  return kCodecs[index];
}

std::span<const CodecInfo> AllCodecs() { return kCodecs; }

std::optional<CodecId> FindCodec(std::string_view encoding_name, uint32_t rtp_clock_rate_hz) {
  for (const CodecInfo& info : kCodecs) {
    if (info.rtp_clock_rate_hz == rtp_clock_rate_hz &&
        EqualsIgnoreCase(info.encoding_name, encoding_name)) {
      return info.id;
    }
  }
  return std::nullopt;
}

std::string_view CodecLabel(CodecId id) {
  switch (id) {
    case CodecId::kPcmu:
      return "pcmu";
    case CodecId::kPcma:
      return "pcma";
    case CodecId::kG722:
      return "g722";
    case CodecId::kOpus:
      return "opus";
  }
  return "unknown";
}

}  // namespace chorus::media
