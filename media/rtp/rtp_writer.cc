#include "media/rtp/rtp_writer.h"

#include <cstring>

#include "media/base/check.h"
#include "media/rtp/byte_order.h"
#include "media/rtp/rtp_packet.h"
#include "media/rtp/rtp_random.h"

namespace chorus::media {

size_t RtpHeaderBytes(std::span<const RtpOneByteElement> elements) {
  if (elements.empty()) return kRtpFixedHeaderBytes;
  size_t body = 0;
  for (const auto& e : elements) body += 1 + e.data.size();
  return kRtpFixedHeaderBytes + 4 + (body + 3) / 4 * 4;
}

size_t WriteRtpHeader(const RtpHeaderFields& fields, std::span<const RtpOneByteElement> elements,
                      std::span<uint8_t> out) {
  const size_t total = RtpHeaderBytes(elements);
  CHORUS_CHECK(out.size() >= total);
  CHORUS_DCHECK(fields.payload_type <= 127);
  uint8_t* p = out.data();
  p[0] = static_cast<uint8_t>(kRtpVersion << 6) | (elements.empty() ? 0 : 0x10);
  p[1] = static_cast<uint8_t>((fields.marker ? 0x80 : 0) | (fields.payload_type & 0x7F));
  StoreBe16(p + 2, fields.seq.value());
  StoreBe32(p + 4, fields.timestamp.value());
  StoreBe32(p + 8, fields.ssrc);
  if (elements.empty()) return total;

  const size_t body = total - kRtpFixedHeaderBytes - 4;
  StoreBe16(p + 12, kRtpOneByteExtensionProfile);
  StoreBe16(p + 14, static_cast<uint16_t>(body / 4));
  uint8_t* w = p + 16;
  for (const auto& e : elements) {
    CHORUS_CHECK(e.id >= 1 && e.id <= kRtpOneByteMaxId);
    CHORUS_CHECK(!e.data.empty() && e.data.size() <= kRtpOneByteMaxElementBytes);
    *w++ = static_cast<uint8_t>((e.id << 4) | (e.data.size() - 1));
    memcpy(w, e.data.data(), e.data.size());
    w += e.data.size();
  }
  // RFC 8285 4.2: padding bytes are zero.
  while (w < p + total) *w++ = 0;
  return total;
}

RtpWriter::RtpWriter(const RtpWriterOptions& options)
    : ssrc_(options.ssrc ? *options.ssrc : RandomU32()),
      next_seq_(options.first_seq ? *options.first_seq : static_cast<uint16_t>(RandomU32())),
      timestamp_base_(options.timestamp_base ? *options.timestamp_base : RandomU32()),
      audio_level_id_(options.audio_level_id) {
  CHORUS_CHECK(audio_level_id_ <= kRtpOneByteMaxId);
}

size_t RtpWriter::WriteHeader(std::span<uint8_t> out, const RtpFrameInfo& frame) {
  RtpHeaderFields fields;
  fields.payload_type = frame.payload_type;
  fields.marker = frame.talkspurt_start || frame.force_marker || first_packet_;
  fields.seq = next_seq_;
  fields.timestamp = WireTimestamp(frame.media_time);
  fields.ssrc = ssrc_;
  first_packet_ = false;
  ++next_seq_;

  if (audio_level_id_ != 0 && frame.audio_level) {
    const uint8_t level = EncodeAudioLevel(*frame.audio_level);
    const RtpOneByteElement element{audio_level_id_, std::span<const uint8_t>(&level, 1)};
    return WriteRtpHeader(fields, std::span<const RtpOneByteElement>(&element, 1), out);
  }
  return WriteRtpHeader(fields, {}, out);
}

}  // namespace chorus::media
