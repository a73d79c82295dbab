#include "media/wav/wav_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "media/base/log.h"

namespace chorus::media {
namespace {

void PutLe16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void PutLe32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// Canonical 44-byte PCM header: RIFF, fmt (16 bytes, format 1), data.
void BuildHeader(uint8_t* h, uint32_t rate, uint32_t data_bytes) {
  std::memcpy(h, "RIFF", 4);
  PutLe32(h + 4, 36 + data_bytes);
  std::memcpy(h + 8, "WAVEfmt ", 8);
  PutLe32(h + 16, 16);
  PutLe16(h + 20, 1);  // PCM
  PutLe16(h + 22, 1);  // mono
  PutLe32(h + 24, rate);
  PutLe32(h + 28, rate * 2);  // byte rate
  PutLe16(h + 32, 2);         // block align
  PutLe16(h + 34, 16);        // bits per sample
  std::memcpy(h + 36, "data", 4);
  PutLe32(h + 40, data_bytes);
}

// write(2)/pwrite(2) until done; false with errno set on failure.
bool WriteAll(int fd, const uint8_t* data, size_t size, off_t offset, bool positional) {
  while (size > 0) {
    ssize_t n = positional ? ::pwrite(fd, data, size, offset) : ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
    offset += n;
  }
  return true;
}

}  // namespace

Result<WavWriter> WavWriter::Create(const std::string& path, const WavWriterOptions& options) {
  if (options.sample_rate_hz < 8000 || options.sample_rate_hz > 192000) {
    return MakeError(ErrorCode::kInvalidArgument, path + ": WAV sample rate " +
                                                      std::to_string(options.sample_rate_hz) +
                                                      " Hz outside 8000..192000");
  }
  if (options.buffer_bytes < 2) {
    return MakeError(ErrorCode::kInvalidArgument, path + ": WAV buffer too small");
  }
  ScopedFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) {
    return MakeError(ErrorCode::kIo, path + ": cannot create: " + std::strerror(errno));
  }
  uint8_t header[kHeaderBytes];
  BuildHeader(header, options.sample_rate_hz, 0);
  if (!WriteAll(fd.get(), header, sizeof(header), 0, false)) {
    return MakeError(ErrorCode::kIo, path + ": cannot write header: " + std::strerror(errno));
  }
  return WavWriter(path, std::move(fd), options);
}

WavWriter::WavWriter(std::string path, ScopedFd fd, const WavWriterOptions& options)
    : path_(std::move(path)), fd_(std::move(fd)), options_(options) {
  // Whole samples only, so a flush never splits one.
  buffer_.reserve(options_.buffer_bytes & ~size_t{1});
}

WavWriter& WavWriter::operator=(WavWriter&& other) noexcept {
  if (this != &other) {
    CloseQuietly();
    path_ = std::move(other.path_);
    fd_ = std::move(other.fd_);
    options_ = other.options_;
    buffer_ = std::move(other.buffer_);
    data_bytes_ = other.data_bytes_;
  }
  return *this;
}

WavWriter::~WavWriter() { CloseQuietly(); }

void WavWriter::CloseQuietly() {
  if (!is_open()) return;
  Result<void> closed = Close();
  if (!closed) {
    CHORUS_LOG(kWarn, "wav.close_failed").Kv("path", path_).Kv("error", closed.error().message);
  }
}

Error WavWriter::IoError(const char* what) const {
  return MakeError(ErrorCode::kIo, path_ + ": " + what + ": " + std::strerror(errno));
}

Result<void> WavWriter::Write(std::span<const int16_t> samples) {
  if (!is_open()) return MakeError(ErrorCode::kInvalidArgument, path_ + ": WAV writer is closed");
  if (data_bytes_ + samples.size() * 2 > kMaxDataBytes) {
    return MakeError(ErrorCode::kExhausted, path_ + ": WAV size limit (4 GiB) reached after " +
                                                std::to_string(samples_written()) + " samples");
  }
  size_t capacity = buffer_.capacity();
  for (int16_t sample : samples) {
    if (buffer_.size() + 2 > capacity) {
      if (Result<void> ok = Flush(); !ok) return ok;
    }
    uint16_t v = static_cast<uint16_t>(sample);
    buffer_.push_back(static_cast<uint8_t>(v));
    buffer_.push_back(static_cast<uint8_t>(v >> 8));
    data_bytes_ += 2;
  }
  return Ok();
}

Result<void> WavWriter::Flush() {
  if (!buffer_.empty()) {
    if (!WriteAll(fd_.get(), buffer_.data(), buffer_.size(), 0, false)) {
      return IoError("write failed");
    }
    buffer_.clear();
  }
  return PatchSizes();
}

Result<void> WavWriter::PatchSizes() {
  uint8_t size[4];
  PutLe32(size, static_cast<uint32_t>(36 + data_bytes_));
  if (!WriteAll(fd_.get(), size, 4, 4, true)) return IoError("cannot patch RIFF size");
  PutLe32(size, static_cast<uint32_t>(data_bytes_));
  if (!WriteAll(fd_.get(), size, 4, 40, true)) return IoError("cannot patch data size");
  return Ok();
}

Result<void> WavWriter::Close() {
  if (!is_open()) return Ok();
  Result<void> result = Flush();
  if (result && options_.fsync_on_close && ::fsync(fd_.get()) != 0)
    result = IoError("fsync failed");
  if (fd_.Reset() != 0 && result) result = IoError("close failed");
  return result;
}

}  // namespace chorus::media
