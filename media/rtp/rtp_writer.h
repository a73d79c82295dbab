#pragma once

// RTP header serialisation into a caller buffer, and RtpWriter: the sender
// state of one outgoing RTP stream (RFC 3550 5.1): a random SSRC, a random
// first sequence number and timestamp base, sequence numbers advancing by
// one per packet, and the marker bit on the first packet of each talk
// spurt (RFC 3551 4.1). Optionally adds an RFC 6464 audio level element in
// the RFC 8285 one-byte form.
//
// Owned by the stream on its media worker; writing allocates nothing.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "media/rtp/rtp_header_extension.h"
#include "media/rtp/rtp_types.h"

namespace chorus::media {

struct RtpHeaderFields {
  uint8_t payload_type = 0;
  bool marker = false;
  SeqNum seq;
  RtpTimestamp timestamp;
  uint32_t ssrc = 0;
};

// One RFC 8285 one-byte element to write: id 1..14, 1..16 data bytes.
struct RtpOneByteElement {
  uint8_t id = 0;
  std::span<const uint8_t> data;
};

// Bytes WriteRtpHeader needs for these elements (12 without any).
size_t RtpHeaderBytes(std::span<const RtpOneByteElement> elements);

// Writes the fixed header and, when `elements` is not empty, a one-byte
// extension block padded to 32 bits. Returns the header size. The caller
// guarantees out.size() >= RtpHeaderBytes(elements) and valid elements;
// violating either is a programming error and aborts.
size_t WriteRtpHeader(const RtpHeaderFields& fields, std::span<const RtpOneByteElement> elements,
                      std::span<uint8_t> out);

struct RtpWriterOptions {
  // Unset values are drawn at random (RFC 3550 5.1: the initial sequence
  // number and timestamp SHOULD be random). Tests pin them.
  std::optional<uint32_t> ssrc;
  std::optional<uint16_t> first_seq;
  std::optional<uint32_t> timestamp_base;
  // Local id of the negotiated ssrc-audio-level extension; 0 = not sent.
  uint8_t audio_level_id = 0;
};

// What varies per packet.
struct RtpFrameInfo {
  uint8_t payload_type = 0;
  // Media clock position of the first sample, counted from the stream's
  // start in clock-rate units (wraps); the writer adds the random base.
  RtpTimestamp media_time;
  // First packet after silence (DTX or no audio): sets the marker bit.
  bool talkspurt_start = false;
  // Sets the marker bit regardless (RFC 4733 event start).
  bool force_marker = false;
  std::optional<AudioLevel> audio_level;
};

class RtpWriter {
 public:
  // Header size with the largest extension this writer emits.
  static constexpr size_t kMaxHeaderBytes = 12 + 4 + 4;

  explicit RtpWriter(const RtpWriterOptions& options);

  // Writes the next header into `out` (at least kMaxHeaderBytes) and
  // advances the sequence number. Returns the header size; the payload
  // follows at that offset. The very first packet of the stream carries the
  // marker bit: it starts the first talk spurt.
  size_t WriteHeader(std::span<uint8_t> out, const RtpFrameInfo& frame);

  // Counts a sent packet for RTCP sender info (RFC 3550 6.4.1).
  void CountSent(size_t payload_bytes) {
    ++packets_sent_;
    payload_bytes_sent_ += payload_bytes;
  }

  uint32_t ssrc() const { return ssrc_; }
  SeqNum next_seq() const { return next_seq_; }
  uint32_t timestamp_base() const { return timestamp_base_; }
  RtpTimestamp WireTimestamp(RtpTimestamp media_time) const {
    return media_time + static_cast<int64_t>(timestamp_base_);
  }
  uint64_t packets_sent() const { return packets_sent_; }
  uint64_t payload_bytes_sent() const { return payload_bytes_sent_; }

 private:
  uint32_t ssrc_;
  SeqNum next_seq_;
  uint32_t timestamp_base_;
  uint8_t audio_level_id_;
  bool first_packet_ = true;
  uint64_t packets_sent_ = 0;
  uint64_t payload_bytes_sent_ = 0;
};

}  // namespace chorus::media
