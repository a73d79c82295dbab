#include "media/wav/wav_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "media/base/scoped_fd.h"

namespace chorus::media {
namespace {

constexpr uint16_t kFormatPcm = 0x0001;
constexpr uint16_t kFormatExtensible = 0xFFFE;
// KSDATAFORMAT_SUBTYPE_PCM after its first two bytes (the format code).
constexpr uint8_t kPcmSubtypeTail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                         0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

uint16_t Le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
uint32_t Le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}
bool Tag(const uint8_t* p, const char (&tag)[5]) { return std::memcmp(p, tag, 4) == 0; }

// A chunk id for messages: the four bytes, non-printable ones as '?'.
std::string ChunkName(const uint8_t* p) {
  std::string name(4, '?');
  for (size_t i = 0; i < 4; ++i) {
    if (p[i] >= 0x20 && p[i] < 0x7F) name[i] = static_cast<char>(p[i]);
  }
  return name;
}

struct Format {
  uint16_t channels;
  uint32_t sample_rate_hz;
};

class Parser {
 public:
  Parser(std::span<const uint8_t> bytes, std::string_view name) : bytes_(bytes), name_(name) {}

  Result<WavAudio> Run();

 private:
  Error Fault(ErrorCode code, const std::string& what) const {
    return MakeError(code, std::string(name_) + ": " + what);
  }
  Result<Format> ParseFormat(std::span<const uint8_t> chunk) const;

  std::span<const uint8_t> bytes_;
  std::string_view name_;
};

Result<Format> Parser::ParseFormat(std::span<const uint8_t> chunk) const {
  if (chunk.size() < 16) {
    return Fault(ErrorCode::kParse,
                 "fmt chunk of " + std::to_string(chunk.size()) + " bytes is shorter than 16");
  }
  const uint8_t* p = chunk.data();
  uint16_t tag = Le16(p);
  uint16_t channels = Le16(p + 2);
  uint32_t rate = Le32(p + 4);
  uint32_t byte_rate = Le32(p + 8);
  uint16_t block_align = Le16(p + 12);
  uint16_t bits = Le16(p + 14);
  if (tag == kFormatExtensible) {
    // WAVE_FORMAT_EXTENSIBLE: cbSize(2) validBits(2) channelMask(4) subtype(16).
    if (chunk.size() < 40) {
      return Fault(ErrorCode::kParse, "extensible fmt chunk of " + std::to_string(chunk.size()) +
                                          " bytes is shorter than 40");
    }
    if (Le16(p + 24) != kFormatPcm || std::memcmp(p + 26, kPcmSubtypeTail, 14) != 0) {
      return Fault(ErrorCode::kUnsupported, "not PCM (extensible subtype is not PCM)");
    }
  } else if (tag != kFormatPcm) {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%04X", tag);
    return Fault(ErrorCode::kUnsupported, std::string("not PCM (format tag ") + hex + ")");
  }
  if (bits != 16) {
    return Fault(ErrorCode::kUnsupported,
                 "unsupported bits per sample " + std::to_string(bits) + " (need 16)");
  }
  if (channels != 1 && channels != 2) {
    return Fault(ErrorCode::kUnsupported,
                 "unsupported channel count " + std::to_string(channels) + " (need 1 or 2)");
  }
  if (rate != 8000 && rate != 16000 && rate != 44100 && rate != 48000) {
    return Fault(ErrorCode::kUnsupported, "unsupported sample rate " + std::to_string(rate) +
                                              " Hz (need 8000, 16000, 44100 or 48000)");
  }
  if (block_align != channels * 2u || byte_rate != rate * channels * 2u) {
    return Fault(ErrorCode::kParse, "inconsistent fmt chunk (block align " +
                                        std::to_string(block_align) + ", byte rate " +
                                        std::to_string(byte_rate) + ")");
  }
  return Format{channels, rate};
}

Result<WavAudio> Parser::Run() {
  if (bytes_.size() < 12 || !Tag(bytes_.data(), "RIFF") || !Tag(bytes_.data() + 8, "WAVE")) {
    return Fault(ErrorCode::kParse, "not a RIFF/WAVE file");
  }
  uint64_t riff_end = uint64_t{Le32(bytes_.data() + 4)} + 8;
  if (riff_end > bytes_.size()) {
    return Fault(ErrorCode::kParse, "truncated: RIFF header declares " + std::to_string(riff_end) +
                                        " bytes, file has " + std::to_string(bytes_.size()));
  }
  std::optional<Format> format;
  size_t pos = 12;
  while (pos < riff_end) {
    if (riff_end - pos < 8) {
      return Fault(ErrorCode::kParse, "truncated chunk header at offset " + std::to_string(pos));
    }
    const uint8_t* header = bytes_.data() + pos;
    uint64_t size = Le32(header + 4);
    size_t body = pos + 8;
    if (size > riff_end - body) {
      return Fault(ErrorCode::kParse, "truncated: chunk '" + ChunkName(header) + "' at offset " +
                                          std::to_string(pos) + " declares " +
                                          std::to_string(size) + " bytes, " +
                                          std::to_string(riff_end - body) + " remain");
    }
    std::span<const uint8_t> chunk = bytes_.subspan(body, static_cast<size_t>(size));
    if (Tag(header, "fmt ")) {
      if (format) return Fault(ErrorCode::kParse, "second fmt chunk");
      Result<Format> parsed = ParseFormat(chunk);
      if (!parsed) return parsed.error();
      format = *parsed;
    } else if (Tag(header, "data")) {
      if (!format) return Fault(ErrorCode::kParse, "data chunk before fmt chunk");
      size_t block = format->channels * 2u;
      if (chunk.size() % block != 0) {
        return Fault(ErrorCode::kParse, "data size " + std::to_string(chunk.size()) +
                                            " is not a multiple of the " + std::to_string(block) +
                                            "-byte frame");
      }
      WavAudio audio;
      audio.sample_rate_hz = format->sample_rate_hz;
      audio.channels = format->channels;
      audio.samples.resize(chunk.size() / 2);
      for (size_t i = 0; i < audio.samples.size(); ++i) {
        audio.samples[i] = static_cast<int16_t>(Le16(chunk.data() + 2 * i));
      }
      return audio;
    }
    // RIFF chunks are padded to an even size; a missing final pad is tolerated.
    pos = body + static_cast<size_t>(size) + (size & 1);
  }
  return Fault(ErrorCode::kParse, format ? "no data chunk" : "no fmt chunk");
}

}  // namespace

Result<WavAudio> WavReader::Parse(std::span<const uint8_t> bytes, std::string_view name) {
  return Parser(bytes, name).Run();
}

Result<WavAudio> WavReader::ReadFile(const std::string& path) {
  auto io_error = [&](const char* what) {
    return MakeError(ErrorCode::kIo, path + ": " + what + ": " + std::strerror(errno));
  };
  ScopedFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return io_error("cannot open");
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return io_error("cannot stat");
  if (!S_ISREG(st.st_mode)) return MakeError(ErrorCode::kIo, path + ": not a regular file");
  if (static_cast<uint64_t>(st.st_size) > kMaxFileBytes) {
    return MakeError(ErrorCode::kExhausted, path + ": file of " + std::to_string(st.st_size) +
                                                " bytes is over the " +
                                                std::to_string(kMaxFileBytes) + "-byte limit");
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("read failed");
    if (n == 0) break;  // file shrank while reading; parse what we got
    done += static_cast<size_t>(n);
  }
  bytes.resize(done);
  return Parse(bytes, path);
}

}  // namespace chorus::media
