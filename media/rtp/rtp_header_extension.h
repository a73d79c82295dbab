#pragma once

// RtpHeaderExtensions: a zero-copy view of an RTP header extension block
// holding RFC 8285 elements, in the one-byte (profile 0xBEDE) or two-byte
// (profile 0x100X) form, with lookup by local id. Also the RFC 6464
// client-to-mixer audio level element. The view borrows the packet buffer.
// Any thread; plain value.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace chorus::media {

// RFC 8285 4.2 and 4.3: the "defined by profile" values of the two forms.
inline constexpr uint16_t kRtpOneByteExtensionProfile = 0xBEDE;
inline constexpr uint16_t kRtpTwoByteExtensionProfile = 0x1000;  // low 4 bits: appbits
inline constexpr uint8_t kRtpOneByteMaxId = 14;                  // 15 is reserved
inline constexpr size_t kRtpOneByteMaxElementBytes = 16;

enum class RtpExtensionForm : uint8_t {
  kNone,     // no extension block
  kOneByte,  // RFC 8285 4.2
  kTwoByte,  // RFC 8285 4.3
  kOther,    // a profile-specific block that is not RFC 8285
};

struct RtpExtensionElement {
  uint8_t id = 0;
  std::span<const uint8_t> data;
};

class RtpHeaderExtensions {
 public:
  RtpHeaderExtensions() = default;
  // `data` is the extension body after the 4-byte extension header.
  RtpHeaderExtensions(uint16_t profile, std::span<const uint8_t> data);

  RtpExtensionForm form() const { return form_; }

  // Data of the first element with local id `id`, or nullopt when absent,
  // when the block is not RFC 8285, or when it is malformed before `id`.
  std::optional<std::span<const uint8_t>> Find(uint8_t id) const;

  // Calls fn(const RtpExtensionElement&) for each element in order. Returns
  // false when the block turned out malformed (elements before the fault
  // were visited). Padding is skipped; RFC 8285 4.2 id 15 ends the walk.
  template <typename Fn>
  bool ForEach(Fn&& fn) const {
    size_t offset = 0;
    RtpExtensionElement element;
    while (true) {
      Step step = Next(offset, element);
      if (step == Step::kEnd) return true;
      if (step == Step::kMalformed) return false;
      fn(element);
    }
  }

  // True when every element lies inside the block.
  bool Valid() const {
    return ForEach([](const RtpExtensionElement&) {});
  }

 private:
  enum class Step { kElement, kEnd, kMalformed };
  Step Next(size_t& offset, RtpExtensionElement& out) const;

  RtpExtensionForm form_ = RtpExtensionForm::kNone;
  std::span<const uint8_t> data_;
};

// RFC 6464 client-to-mixer audio level: the V flag and the level in -dBov
// (0 is the loudest, 127 is silence or muted).
struct AudioLevel {
  bool voice_activity = false;
  uint8_t level_dbov = 127;
};

// Reads the audio level element negotiated with local id `id`. Nullopt
// when absent or empty.
std::optional<AudioLevel> FindAudioLevel(const RtpHeaderExtensions& extensions, uint8_t id);

// The one-byte encoding of an audio level (for RtpWriter).
inline uint8_t EncodeAudioLevel(AudioLevel level) {
  uint8_t db = level.level_dbov > 127 ? 127 : level.level_dbov;
  return static_cast<uint8_t>((level.voice_activity ? 0x80 : 0) | db);
}

}  // namespace chorus::media
