#pragma once

// WavWriter: streams mono PCM16 into a WAV file, for room recordings.
// Writes a 44-byte header up front and patches its RIFF and data sizes
// whenever its buffer is flushed, on Close() and in the destructor, so even
// a recording cut short by a crash stays readable up to its last flush.
// Blocking file I/O: call it from a thread that may block (a recorder
// thread fed through a ring), never from the media tick. Move-only; one
// owner and thread.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "media/base/result.h"
#include "media/base/scoped_fd.h"

namespace chorus::media {

struct WavWriterOptions {
  uint32_t sample_rate_hz = 48000;
  bool fsync_on_close = false;      // durable once Close() returns
  size_t buffer_bytes = 64 * 1024;  // written out when full
};

class WavWriter {
 public:
  static constexpr size_t kHeaderBytes = 44;
  // RIFF sizes are 32-bit: the data chunk stops here.
  static constexpr uint64_t kMaxDataBytes = 0xFFFFFFFFull - 36 - 1;

  // Creates (or truncates) `path`.
  static Result<WavWriter> Create(const std::string& path, const WavWriterOptions& options);

  WavWriter(WavWriter&& other) noexcept = default;
  WavWriter& operator=(WavWriter&& other) noexcept;
  WavWriter(const WavWriter&) = delete;
  WavWriter& operator=(const WavWriter&) = delete;
  ~WavWriter();

  Result<void> Write(std::span<const int16_t> samples);
  // Flushes, patches the header, optionally fsyncs, closes. Idempotent.
  Result<void> Close();

  bool is_open() const { return fd_.valid(); }
  uint64_t samples_written() const { return data_bytes_ / 2; }
  const std::string& path() const { return path_; }

 private:
  WavWriter(std::string path, ScopedFd fd, const WavWriterOptions& options);

  Result<void> Flush();
  Result<void> PatchSizes();
  Error IoError(const char* what) const;
  void CloseQuietly();

  std::string path_;
  ScopedFd fd_;
  WavWriterOptions options_;
  std::vector<uint8_t> buffer_;  // reserved at creation, never grows
  uint64_t data_bytes_ = 0;      // accepted by Write, buffered or on disk
};

}  // namespace chorus::media
