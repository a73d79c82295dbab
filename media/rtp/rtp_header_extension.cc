#include "media/rtp/rtp_header_extension.h"

namespace chorus::media {

RtpHeaderExtensions::RtpHeaderExtensions(uint16_t profile, std::span<const uint8_t> data)
    : data_(data) {
  if (profile == kRtpOneByteExtensionProfile) {
    form_ = RtpExtensionForm::kOneByte;
  } else if ((profile & 0xFFF0) == kRtpTwoByteExtensionProfile) {
    form_ = RtpExtensionForm::kTwoByte;
  } else {
    form_ = RtpExtensionForm::kOther;
  }
}

RtpHeaderExtensions::Step RtpHeaderExtensions::Next(size_t& offset,
                                                    RtpExtensionElement& out) const {
  if (form_ != RtpExtensionForm::kOneByte && form_ != RtpExtensionForm::kTwoByte) {
    return Step::kEnd;
  }
  while (offset < data_.size()) {
    uint8_t first = data_[offset];
    if (form_ == RtpExtensionForm::kOneByte) {
      uint8_t id = first >> 4;
      // RFC 8285 4.2: id 0 is a padding byte (its length bits are ignored,
      // as deployed senders do); id 15 stops processing of the block.
      if (id == 0) {
        ++offset;
        continue;
      }
      if (id == 15) return Step::kEnd;
      size_t len = static_cast<size_t>(first & 0x0F) + 1;
      if (len > data_.size() - offset - 1) return Step::kMalformed;
      out.id = id;
      out.data = data_.subspan(offset + 1, len);
      offset += 1 + len;
      return Step::kElement;
    }
    // RFC 8285 4.3: one id byte, one length byte, then 0-255 data bytes; a
    // zero byte where an id is expected is padding.
    if (first == 0) {
      ++offset;
      continue;
    }
    if (data_.size() - offset < 2) return Step::kMalformed;
    size_t len = data_[offset + 1];
    if (len > data_.size() - offset - 2) return Step::kMalformed;
    out.id = first;
    out.data = data_.subspan(offset + 2, len);
    offset += 2 + len;
    return Step::kElement;
  }
  return Step::kEnd;
}

std::optional<std::span<const uint8_t>> RtpHeaderExtensions::Find(uint8_t id) const {
  if (id == 0) return std::nullopt;
  size_t offset = 0;
  RtpExtensionElement element;
  while (Next(offset, element) == Step::kElement) {
    if (element.id == id) return element.data;
  }
  return std::nullopt;
}

std::optional<AudioLevel> FindAudioLevel(const RtpHeaderExtensions& extensions, uint8_t id) {
  auto data = extensions.Find(id);
  if (!data || data->empty()) return std::nullopt;
  // RFC 6464 3: the first byte carries V and the level; some senders pad
  // the element to 4 bytes, which we ignore.
  uint8_t b = (*data)[0];
  return AudioLevel{(b & 0x80) != 0, static_cast<uint8_t>(b & 0x7F)};
}

}  // namespace chorus::media
