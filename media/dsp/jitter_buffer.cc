#include "media/dsp/jitter_buffer.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "media/base/check.h"

namespace chorus::media {
namespace {

// RFC 3550 A.1: a jump further than this is a restart, not loss or reordering.
constexpr int32_t kMaxDropout = 3000;
constexpr int32_t kMaxMisorder = 100;
// Longest packet we take a timestamp difference for (RFC 6716: 120 ms).
constexpr int64_t kMaxFrameMs = 120;
// While the depth stays this far above target, skip a frame once a second.
constexpr int64_t kShrinkAfterMs = 1000;

bool IsPowerOfTwo(size_t n) { return n != 0 && (n & (n - 1)) == 0; }

}  // namespace

Result<JitterBuffer> JitterBuffer::Create(const JitterBufferOptions& options) {
  auto invalid = [](const std::string& what) {
    return MakeError(ErrorCode::kInvalidArgument, "jitter buffer: " + what);
  };
  if (options.clock_rate_hz < 1000 || options.clock_rate_hz > 192000) {
    return invalid("clock rate " + std::to_string(options.clock_rate_hz) + " Hz");
  }
  if (options.tick_rtp_units == 0 || options.tick_rtp_units > options.clock_rate_hz) {
    return invalid("tick of " + std::to_string(options.tick_rtp_units) + " RTP units");
  }
  if (!IsPowerOfTwo(options.slot_count) || options.slot_count < 4 || options.slot_count > 4096) {
    return invalid("slot count " + std::to_string(options.slot_count) +
                   " is not a power of two in 4..4096");
  }
  if (options.max_payload_bytes == 0 || options.max_payload_bytes > 65535) {
    return invalid("max payload " + std::to_string(options.max_payload_bytes) + " bytes");
  }
  if (options.min_depth_ms < 0 || options.max_depth_ms < options.min_depth_ms ||
      options.max_depth_ms > 10000) {
    return invalid("depth range " + std::to_string(options.min_depth_ms) + ".." +
                   std::to_string(options.max_depth_ms) + " ms");
  }
  if (options.jitter_factor < 0 || options.shrink_ms_per_s <= 0) {
    return invalid("jitter factor and shrink rate must be positive");
  }
  return JitterBuffer(options);
}

JitterBuffer::JitterBuffer(const JitterBufferOptions& options)
    : options_(options),
      slot_mask_(options.slot_count - 1),
      slots_(options.slot_count),
      payloads_(new uint8_t[options.slot_count * options.max_payload_bytes]),
      estimator_(options.clock_rate_hz),
      frame_units_(options.tick_rtp_units),
      target_ms_(options.min_depth_ms) {}

int64_t JitterBuffer::UnitsToMs(int64_t units) const {
  return units * 1000 / options_.clock_rate_hz;
}

int64_t JitterBuffer::MsToUnits(int64_t ms) const { return ms * options_.clock_rate_hz / 1000; }

bool JitterBuffer::IsStored(SeqNum seq) const {
  const Slot& slot = SlotFor(seq);
  return slot.state == SlotState::kStored && slot.seq == seq;
}

std::span<const uint8_t> JitterBuffer::PayloadOf(SeqNum seq) const {
  size_t index = seq.value() & slot_mask_;
  return {payloads_.get() + index * options_.max_payload_bytes, SlotFor(seq).size};
}

// ---------------------------------------------------------------- Put ----

JitterPutResult JitterBuffer::Put(const JitterPacket& packet, std::span<const uint8_t> payload) {
  ++stats_.received;
  if (payload.empty() || payload.size() > options_.max_payload_bytes) {
    ++stats_.bad_size;
    return JitterPutResult::kBadSize;
  }
  if (mode_ != Mode::kWaiting && !CheckSequenceJump(packet)) {
    ++stats_.stray;
    return JitterPutResult::kStray;
  }
  if (mode_ == Mode::kWaiting) {
    mode_ = Mode::kBuffering;
    next_seq_ = packet.seq;
    highest_seq_ = packet.seq;
    highest_timestamp_ = packet.timestamp;
    buffering_since_ms_ = packet.arrival_ms;
  } else {
    int32_t ahead = packet.seq.DistanceFrom(next_seq_);
    bool reopens = mode_ == Mode::kBuffering && stored_ == 0;
    if (ahead < 0) {
      // Behind the playout point: fine only before playout (re)starts, for a
      // packet newer than anything consumed and within the slot window.
      bool before_start =
          mode_ == Mode::kBuffering && (!consumed_any_ || packet.seq > last_consumed_) &&
          highest_seq_.DistanceFrom(packet.seq) < static_cast<int32_t>(slots_.size());
      if (!before_start) {
        const Slot& slot = SlotFor(packet.seq);
        if (slot.seq == packet.seq && slot.state == SlotState::kPlayed) {
          ++stats_.duplicate;
          return JitterPutResult::kDuplicate;
        }
        ++stats_.late;
        return JitterPutResult::kLate;
      }
      next_seq_ = packet.seq;
    } else if (reopens) {
      next_seq_ = packet.seq;
    } else if (ahead >= static_cast<int32_t>(slots_.size())) {
      MakeRoomFor(packet.seq, packet.arrival_ms);
    }
    if (reopens) buffering_since_ms_ = packet.arrival_ms;
    if (IsStored(packet.seq)) {
      ++stats_.duplicate;
      return JitterPutResult::kDuplicate;
    }
  }
  LearnFrameDuration(packet);
  Store(packet, payload);
  if (packet.seq.DistanceFrom(highest_seq_) > 0) {
    highest_seq_ = packet.seq;
    highest_timestamp_ = packet.timestamp;
  }
  estimator_.OnPacket(packet.timestamp, packet.arrival_ms);
  UpdateTarget(packet.arrival_ms);
  return JitterPutResult::kStored;
}

bool JitterBuffer::CheckSequenceJump(const JitterPacket& packet) {
  int32_t d = packet.seq.DistanceFrom(highest_seq_);
  if (d <= kMaxDropout && d >= -kMaxMisorder) {
    probation_seq_.reset();
    return true;
  }
  if (probation_seq_ && packet.seq == *probation_seq_) {
    // Two packets in a row on a new sequence: the sender restarted it
    // (RFC 3550 A.1). Start over from this packet.
    Reset();
    return true;
  }
  probation_seq_ = packet.seq + 1;
  return false;
}

void JitterBuffer::Store(const JitterPacket& packet, std::span<const uint8_t> payload) {
  Slot& slot = SlotFor(packet.seq);
  CHORUS_DCHECK(slot.state != SlotState::kStored);
  slot.state = SlotState::kStored;
  slot.seq = packet.seq;
  slot.timestamp = packet.timestamp;
  slot.marker = packet.marker;
  slot.arrival_ms = packet.arrival_ms;
  slot.duration =
      packet.duration_rtp_units <= MsToUnits(kMaxFrameMs) ? packet.duration_rtp_units : 0;
  slot.size = static_cast<uint16_t>(payload.size());
  size_t index = packet.seq.value() & slot_mask_;
  std::memcpy(payloads_.get() + index * options_.max_payload_bytes, payload.data(), payload.size());
  ++stored_;
}

void JitterBuffer::LearnFrameDuration(const JitterPacket& packet) {
  int64_t max_units = MsToUnits(kMaxFrameMs);
  if (packet.duration_rtp_units > 0 && packet.duration_rtp_units <= max_units) {
    frame_units_ = packet.duration_rtp_units;
    frame_known_ = true;
    return;
  }
  if (packet.seq.DistanceFrom(highest_seq_) != 1 || packet.marker) return;
  int64_t diff = packet.timestamp.DistanceFrom(highest_timestamp_);
  if (diff <= 0 || diff > max_units) return;
  // The first measurement replaces the guess; after that shorter packets
  // are believed at once and longer ones once seen twice in a row, so a
  // silence gap without a marker does not stretch the estimate.
  uint32_t units = static_cast<uint32_t>(diff);
  if (!frame_known_ || units <= frame_units_ || units == candidate_frame_units_) {
    frame_known_ = true;
    frame_units_ = units;
    candidate_frame_units_ = 0;
  } else {
    candidate_frame_units_ = units;
  }
}

void JitterBuffer::UpdateTarget(int64_t now_ms) {
  double needed =
      std::max(estimator_.delay_spread_ms(), options_.jitter_factor * estimator_.jitter_ms());
  needed = std::clamp(needed, static_cast<double>(options_.min_depth_ms),
                      static_cast<double>(options_.max_depth_ms));
  if (needed >= target_ms_) {
    target_ms_ = needed;
  } else if (last_target_update_ms_) {
    double elapsed_s = std::max<int64_t>(0, now_ms - *last_target_update_ms_) / 1000.0;
    target_ms_ = std::max(needed, target_ms_ - options_.shrink_ms_per_s * elapsed_s);
  }
  last_target_update_ms_ = now_ms;
}

void JitterBuffer::MakeRoomFor(SeqNum seq, int64_t now_ms) {
  // The new packet is a whole pool ahead of the playout point: drop what is
  // older than the window it needs.
  SeqNum new_first = seq - static_cast<int32_t>(slots_.size() - 1);
  int32_t behind = new_first.DistanceFrom(next_seq_);
  if (behind >= static_cast<int32_t>(slots_.size())) {
    // Everything held is older than the new window: drop it in one pass.
    stats_.overflow += stored_;
    stats_.lost += static_cast<uint64_t>(behind) - stored_;
    ClearSlots();
    if (mode_ == Mode::kPlaying) cursor_ = cursor_ + int64_t{behind} * frame_units_;
    last_consumed_ = new_first - 1;
    consumed_any_ = true;
    next_seq_ = new_first;
  }
  while (next_seq_ < new_first) {
    uint32_t duration = FrameDuration(next_seq_);
    if (IsStored(next_seq_)) {
      ++stats_.overflow;
      if (mode_ == Mode::kPlaying) cursor_ = SlotFor(next_seq_).timestamp + duration;
    } else {
      ++stats_.lost;
      if (mode_ == Mode::kPlaying) cursor_ = cursor_ + duration;
    }
    Consume(next_seq_, SlotState::kSkipped);
  }
  if (mode_ == Mode::kBuffering) {
    // Playout will start from the oldest packet still held (or this one).
    while (next_seq_ != seq && !IsStored(next_seq_)) {
      ++stats_.lost;
      Consume(next_seq_, SlotState::kSkipped);
    }
    if (stored_ == 0) buffering_since_ms_ = now_ms;
  }
  holding_ = false;
}

void JitterBuffer::ClearSlots() {
  for (Slot& slot : slots_) slot = Slot{};
  stored_ = 0;
}

void JitterBuffer::Reset() {
  ClearSlots();
  mode_ = Mode::kWaiting;
  consumed_any_ = false;
  holding_ = false;
  excess_since_ms_.reset();
  probation_seq_.reset();
  candidate_frame_units_ = 0;
  frame_known_ = false;
  estimator_.Restart();
  ++stats_.resets;
}

// ---------------------------------------------------------------- Get ----

JitterOutput JitterBuffer::Nothing(uint32_t duration) const {
  JitterOutput out;
  out.kind = JitterOutput::Kind::kNothing;
  out.seq = next_seq_;
  out.timestamp = cursor_;
  out.duration_rtp_units = duration;
  return out;
}

RtpTimestamp JitterBuffer::BufferedEnd() const {
  const Slot& slot = SlotFor(highest_seq_);
  uint32_t duration = slot.seq == highest_seq_ && slot.duration > 0 ? slot.duration : frame_units_;
  return highest_timestamp_ + duration;
}

int64_t JitterBuffer::DepthUnitsFrom(RtpTimestamp from) const {
  int64_t simple = BufferedEnd().DistanceFrom(from);
  int64_t max_units = MsToUnits(options_.max_depth_ms);
  if (simple >= 0 && simple <= max_units) return simple;
  // Unusually deep, or negative: walk the held packets and stop at the
  // first timestamp jump, so a sender's clock jump does not count as audio.
  RtpTimestamp end = from;
  SeqNum seq = next_seq_;
  for (size_t i = 0; i < slots_.size() && seq <= highest_seq_; ++i, ++seq) {
    if (!IsStored(seq)) {
      end = end + frame_units_;
      continue;
    }
    const Slot& slot = SlotFor(seq);
    int64_t step = slot.timestamp.DistanceFrom(end);
    if (step > max_units || step < -max_units) break;
    end = slot.timestamp + FrameDuration(seq);
  }
  return std::max<int64_t>(0, end.DistanceFrom(from));
}

int32_t JitterBuffer::depth_ms() const {
  if (stored_ == 0 && mode_ != Mode::kPlaying) return 0;
  RtpTimestamp from = mode_ == Mode::kPlaying ? cursor_ : SlotFor(next_seq_).timestamp;
  return static_cast<int32_t>(UnitsToMs(DepthUnitsFrom(from)));
}

uint32_t JitterBuffer::FrameDuration(SeqNum seq) const {
  const Slot& slot = SlotFor(seq);
  bool stored = slot.state == SlotState::kStored && slot.seq == seq;
  if (stored && slot.duration > 0) return slot.duration;
  // The next packet's timestamp is the best evidence of this one's length.
  SeqNum next = seq + 1;
  const Slot& after = SlotFor(next);
  if (IsStored(next) && !after.marker) {
    RtpTimestamp start = stored ? slot.timestamp : cursor_;
    int64_t diff = after.timestamp.DistanceFrom(start);
    if (diff > 0 && diff <= MsToUnits(kMaxFrameMs)) return static_cast<uint32_t>(diff);
  }
  return frame_units_;
}

void JitterBuffer::Consume(SeqNum seq, SlotState how) {
  CHORUS_DCHECK(seq == next_seq_);
  Slot& slot = SlotFor(seq);
  if (slot.state == SlotState::kStored && slot.seq == seq) --stored_;
  slot.state = how;
  slot.seq = seq;
  last_consumed_ = seq;
  consumed_any_ = true;
  ++next_seq_;
}

bool JitterBuffer::ReadyToPlay(int64_t now_ms) const {
  // Wait until the newest packet starts target_ms after the oldest (audio
  // is queued behind the first), or the oldest has waited target_ms.
  // Until packet lengths are known (none given, no two consecutive packets
  // seen), wait a longest-packet more rather than guess and cut audio.
  RtpTimestamp head = SlotFor(next_seq_).timestamp;
  int64_t queued_ms = UnitsToMs(highest_timestamp_.DistanceFrom(head));
  double wait_ms = frame_known_ ? target_ms_ : target_ms_ + kMaxFrameMs;
  return queued_ms >= target_ms_ || now_ms - buffering_since_ms_ >= wait_ms;
}

void JitterBuffer::StartPlaying() {
  if (consumed_any_) {
    // Sequence numbers that never arrived while playout was stopped.
    int32_t gap = next_seq_.DistanceFrom(last_consumed_) - 1;
    if (gap > 0) stats_.lost += static_cast<uint64_t>(gap);
  }
  cursor_ = SlotFor(next_seq_).timestamp;
  mode_ = Mode::kPlaying;
  holding_ = false;
  excess_since_ms_.reset();
}

// Depth measured just before a packet is taken: the head has waited the
// target plus less than a tick of phase, and the packets that arrived in
// that time are held too, so anything below target + frame + tick is normal.
int64_t JitterBuffer::DepthSlackMs() const {
  return UnitsToMs(frame_units_) + UnitsToMs(options_.tick_rtp_units);
}

bool JitterBuffer::TrimToMaxDepth() {
  int64_t frame_ms = UnitsToMs(frame_units_);
  int64_t slack_ms = DepthSlackMs();
  if (depth_ms() <= options_.max_depth_ms + slack_ms) return false;
  // Far too deep (a burst after a stall): drop the oldest audio, which is
  // stale by now, down to the target.
  bool dropped = false;
  while (stored_ > 0 && depth_ms() > target_ms_ + frame_ms) {
    uint32_t duration = FrameDuration(next_seq_);
    if (IsStored(next_seq_)) {
      ++stats_.overflow;
      cursor_ = SlotFor(next_seq_).timestamp + duration;
    } else {
      ++stats_.lost;
      cursor_ = cursor_ + duration;
    }
    Consume(next_seq_, SlotState::kSkipped);
    dropped = true;
  }
  holding_ = false;
  return dropped;
}

bool JitterBuffer::ShouldSkipToShrink(int64_t now_ms) {
  if (depth_ms() - target_ms_ < DepthSlackMs()) {
    excess_since_ms_.reset();
    return false;
  }
  if (!excess_since_ms_) excess_since_ms_ = now_ms;
  if (now_ms - *excess_since_ms_ < kShrinkAfterMs || now_ms - last_shrink_ms_ < kShrinkAfterMs) {
    return false;
  }
  excess_since_ms_.reset();
  last_shrink_ms_ = now_ms;
  return true;
}

JitterOutput JitterBuffer::Get(int64_t now_ms) {
  const uint32_t tick = options_.tick_rtp_units;
  // Each pass either returns or consumes a sequence number / changes mode,
  // so the loop is bounded by the pool size.
  for (size_t pass = 0; pass < slots_.size() + 4; ++pass) {
    if (mode_ == Mode::kWaiting) return Nothing(tick);
    if (mode_ == Mode::kBuffering) {
      if (stored_ == 0 || !ReadyToPlay(now_ms)) return Nothing(tick);
      StartPlaying();
    }

    const bool have_head = IsStored(next_seq_);
    if (have_head) {
      const Slot& head = SlotFor(next_seq_);
      int64_t gap = head.timestamp.DistanceFrom(cursor_);
      int64_t max_units = MsToUnits(options_.max_depth_ms);
      bool is_gap = gap * 2 >= static_cast<int64_t>(frame_units_);
      if (gap < -max_units || (is_gap && (head.marker || gap > max_units))) {
        // A new talk spurt or a timestamp jump: re-anchor on it, so the
        // silence before it absorbs any change of target depth.
        mode_ = Mode::kBuffering;
        buffering_since_ms_ = head.arrival_ms;
        holding_ = false;
        continue;
      }
      if (is_gap) {
        // A short pause in the sender's timestamps: play it as silence.
        uint32_t duration = static_cast<uint32_t>(std::min<int64_t>(gap, tick));
        JitterOutput out = Nothing(duration);
        cursor_ = cursor_ + duration;
        return out;
      }
    }
    if (TrimToMaxDepth()) continue;

    if (have_head) {
      const Slot& head = SlotFor(next_seq_);
      uint32_t duration = FrameDuration(next_seq_);
      holding_ = false;
      if (ShouldSkipToShrink(now_ms)) {
        ++stats_.shrink_skips;
        cursor_ = head.timestamp + duration;
        Consume(next_seq_, SlotState::kSkipped);
        continue;
      }
      JitterOutput out;
      out.kind = JitterOutput::Kind::kFrame;
      out.payload = PayloadOf(next_seq_);
      out.seq = head.seq;
      out.timestamp = head.timestamp;
      out.marker = head.marker;
      out.duration_rtp_units = duration;
      cursor_ = head.timestamp + duration;
      Consume(next_seq_, SlotState::kPlayed);
      ++stats_.played;
      return out;
    }

    if (stored_ > 0) {
      // A later packet is here, so this one is lost (or too late to matter).
      JitterOutput out;
      out.kind = JitterOutput::Kind::kMissing;
      out.seq = next_seq_;
      out.timestamp = cursor_;
      out.duration_rtp_units = FrameDuration(next_seq_);
      cursor_ = cursor_ + out.duration_rtp_units;
      ++stats_.lost;
      Consume(next_seq_, SlotState::kSkipped);
      if (holding_) {
        // Already concealed while holding for it; move straight on.
        holding_ = false;
        continue;
      }
      return out;
    }

    // Nothing at all: an underrun. Hold the cursor (the depth grows by what
    // we conceal) until the packet turns up or we give up and re-buffer.
    if (!holding_) {
      holding_ = true;
      hold_since_ms_ = now_ms;
      ++stats_.underruns;
    }
    if (now_ms - hold_since_ms_ >= options_.max_depth_ms) {
      mode_ = Mode::kBuffering;
      holding_ = false;
      return Nothing(tick);
    }
    JitterOutput out;
    out.kind = JitterOutput::Kind::kMissing;
    out.seq = next_seq_;
    out.timestamp = cursor_;
    out.duration_rtp_units = tick;
    return out;
  }
  return Nothing(tick);
}

std::optional<JitterOutput> JitterBuffer::PeekNext() const {
  if (mode_ != Mode::kPlaying || !IsStored(next_seq_)) return std::nullopt;
  const Slot& slot = SlotFor(next_seq_);
  JitterOutput out;
  out.kind = JitterOutput::Kind::kFrame;
  out.payload = PayloadOf(next_seq_);
  out.seq = slot.seq;
  out.timestamp = slot.timestamp;
  out.marker = slot.marker;
  out.duration_rtp_units = FrameDuration(next_seq_);
  return out;
}

}  // namespace chorus::media
