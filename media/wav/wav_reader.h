#pragma once

// WavReader: loads a whole PCM16 WAV file (RIFF/WAVE, format 1 or
// WAVE_FORMAT_EXTENSIBLE with the PCM subtype), mono or stereo, at 8000,
// 16000, 44100 or 48000 Hz. Strict: anything else is an error naming the
// file and the fault. Used when loading prompts at start-up or on request,
// never on the audio path (it reads files and allocates). Stateless; any
// thread. Parse() works on a memory buffer so the parser can be fuzzed.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "media/base/result.h"

namespace chorus::media {

struct WavAudio {
  std::vector<int16_t> samples;  // interleaved when stereo
  uint32_t sample_rate_hz = 0;
  uint16_t channels = 0;
  size_t frames() const { return channels == 0 ? 0 : samples.size() / channels; }
};

class WavReader {
 public:
  // Files above this size are refused rather than read into memory.
  static constexpr size_t kMaxFileBytes = size_t{256} << 20;

  static Result<WavAudio> ReadFile(const std::string& path);

  // Parses a complete file image; `name` labels error messages.
  static Result<WavAudio> Parse(std::span<const uint8_t> bytes, std::string_view name);
};

}  // namespace chorus::media
