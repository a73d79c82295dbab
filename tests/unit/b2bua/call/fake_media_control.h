#pragma once

// A MediaControl that records what the call layer asks of it.

#include <string>
#include <vector>

#include "b2bua/call/media_control.h"

namespace chorus::b2bua::testing {

class FakeMediaControl : public MediaControl {
 public:
  Result<MediaSlot> Reserve() override {
    if (exhausted) return MakeError(ErrorCode::kExhausted, "no ports");
    MediaSlot s;
    s.id = ++next;
    s.local_rtp = *SocketAddress::Parse("127.0.0.1:" + std::to_string(40000 + 2 * s.id));
    reserved.push_back(s.id);
    return s;
  }
  Result<void> Start(MediaSlotId slot, const NegotiatedMedia& media,
                     const MediaStartOptions& options, MediaHandlers h) override {
    started.push_back(slot);
    last = media;
    last_options = options;
    handlers = std::move(h);
    return Ok();
  }
  Result<void> Update(MediaSlotId slot, const NegotiatedMedia& media) override {
    updated.push_back(slot);
    last = media;
    return Ok();
  }
  Result<void> SendDigits(MediaSlotId, std::string_view digits) override {
    sent_digits += digits;
    return Ok();
  }
  void Release(MediaSlotId slot) override { released.push_back(slot); }
  bool gcm_supported() const override { return false; }

  bool exhausted = false;
  MediaSlotId next = 0;
  std::vector<MediaSlotId> reserved, started, updated, released;
  NegotiatedMedia last;
  MediaStartOptions last_options;
  MediaHandlers handlers;
  std::string sent_digits;
};

}  // namespace chorus::b2bua::testing
