// Fuzz target for the WAV parser (media/wav/wav_reader.h): any byte string
// must parse to a consistent result or a clean error, never crash or read
// out of bounds.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "media/wav/wav_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto result = chorus::media::WavReader::Parse(std::span<const uint8_t>(data, size), "fuzz.wav");
  if (result) {
    const chorus::media::WavAudio& audio = *result;
    if (audio.channels != 1 && audio.channels != 2) std::abort();
    if (audio.samples.size() % audio.channels != 0) std::abort();
    if (audio.samples.size() * 2 > size) std::abort();
  } else if (result.error().message.empty()) {
    std::abort();
  }
  return 0;
}
