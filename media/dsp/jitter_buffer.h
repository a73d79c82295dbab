#pragma once

// JitterBuffer: one per incoming RTP stream. Reorders packets by sequence
// number, holds them long enough to absorb the network's jitter, and on each
// playout request says what to play: a packet to decode, a packet that is
// missing (conceal it, or recover it by FEC from PeekNext()), or nothing yet.
//
// Owned and called by the media worker thread that owns the stream. All
// memory (a fixed pool of slots, each with room for one payload) is
// allocated at construction; Put() and Get() allocate nothing, take no lock
// and never fail on hostile input: every packet is bounds-checked, counted
// and either stored or dropped.
//
// Why not SpeexDSP's jitter buffer: its put copies every packet into memory
// from speex_alloc unless a destroy callback is installed, and that callback
// gets no context pointer, so an external per-stream pool would have to be
// found from the data pointer alone. It also orders by timestamp only, so it
// cannot tell a duplicate from a late packet or count either, and it has no
// way to look at the packet after a gap without taking it (Opus FEC needs
// exactly that). Those are the core of this class, so we keep our own.
//
// Model. Playout follows a cursor in RTP timestamp units. Call Get() when the
// stream needs audio: every tick, and again within the tick while what it
// returned is shorter than the tick (10 ms packets on a 20 ms tick); after a
// packet longer than the tick (60 ms), skip Get() until its audio is used up.
// Each output covers `duration_rtp_units` of media time:
//   kFrame   decode `payload`;
//   kMissing conceal (or DecodeFec with PeekNext()) for the duration;
//   kNothing play silence or comfort noise for the duration: not started,
//            re-buffering at a talk spurt, or in a silence gap of the sender.
// A media worker's tick, with a small FIFO of decoded PCM per stream:
//   while (fifo.size() < tick_samples) {
//     JitterOutput out = jb.Get(now_ms);
//     if (out.kind == JitterOutput::Kind::kFrame) decode out.payload;
//     else if (out.kind == JitterOutput::Kind::kMissing)
//       next = jb.PeekNext(), then DecodeFec(next->payload) or Conceal();
//     else append silence;
//   }
// Durations come from JitterPacket::duration_rtp_units when the caller
// fills it (recommended: AudioDecoder::PayloadSamples), else from the
// timestamps of consecutive packets; until those are known playout waits
// one longest packet (120 ms) more at stream start.
//
// Depth. Playout (re)starts once the buffer holds target_ms() of audio or
// its oldest packet has waited that long. The target follows measured
// jitter (max of the recent delay spread and jitter_factor x RFC 3550
// jitter, clamped to [min_depth_ms, max_depth_ms]); it rises at once and
// falls by shrink_ms_per_s. Depth is re-anchored to the target at each talk
// spurt (marker bit or timestamp gap); within a long spurt it grows by
// holding the cursor on underrun (up to max_depth_ms, then re-buffering)
// and shrinks by skipping one frame per second while far above target.
// A backlog deeper than max_depth_ms (a burst after a stall) is dropped
// down to the target: stale audio is not worth the delay.
//
// Counters are plain members read by the owner thread (stats()); the worker
// adds them into its relaxed-atomic metrics.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "media/base/result.h"
#include "media/dsp/jitter_estimator.h"
#include "media/rtp/rtp_types.h"

namespace chorus::media {

struct JitterBufferOptions {
  uint32_t clock_rate_hz = 8000;    // RTP clock of the stream
  uint32_t tick_rtp_units = 160;    // media time one Get() tick covers (20 ms)
  size_t slot_count = 64;           // packets held at most; a power of two
  size_t max_payload_bytes = 1500;  // larger payloads are refused
  int32_t min_depth_ms = 20;
  int32_t max_depth_ms = 200;
  double jitter_factor = 3.0;   // k in target = k x RFC 3550 jitter
  double shrink_ms_per_s = 20;  // how fast the target may fall
};

// What the caller knows about a packet besides its payload.
struct JitterPacket {
  SeqNum seq;
  RtpTimestamp timestamp;
  bool marker = false;  // RFC 3551 4.1: first packet of a talk spurt
  int64_t arrival_ms = 0;
  // Media time the payload covers, if known (AudioDecoder::PayloadSamples
  // converted with CodecInfo::SamplesToRtpUnits); 0 infers it from timestamps.
  uint32_t duration_rtp_units = 0;
};

enum class JitterPutResult : uint8_t {
  kStored,
  kDuplicate,  // this sequence number is already held or was played
  kLate,       // its turn to play has passed
  kBadSize,    // empty, or larger than max_payload_bytes
  kStray,      // far outside the sequence; kept only if the next one follows it
};

struct JitterOutput {
  enum class Kind : uint8_t { kFrame, kMissing, kNothing };
  Kind kind = Kind::kNothing;
  // kFrame: the payload, valid until the next Put(), Get() or Reset().
  std::span<const uint8_t> payload;
  SeqNum seq;              // kFrame: the packet's; kMissing: the lost one's
  RtpTimestamp timestamp;  // media time this output starts at (kFrame, kMissing)
  bool marker = false;
  uint32_t duration_rtp_units = 0;
};

struct JitterBufferStats {
  uint64_t received = 0;  // Put() calls
  uint64_t played = 0;    // kFrame outputs
  uint64_t late = 0;      // arrived after their turn
  uint64_t duplicate = 0;
  uint64_t lost = 0;      // sequence numbers never played (kMissing or skipped)
  uint64_t overflow = 0;  // stored packets dropped to stay within the pool or max depth
  uint64_t bad_size = 0;
  uint64_t stray = 0;         // dropped while checking a sequence jump (RFC 3550 A.1)
  uint64_t resets = 0;        // sequence restarts detected, plus Reset() calls
  uint64_t underruns = 0;     // times the buffer ran dry while playing
  uint64_t shrink_skips = 0;  // frames skipped to bring the depth down
};

class JitterBuffer {
 public:
  static Result<JitterBuffer> Create(const JitterBufferOptions& options);

  JitterBuffer(JitterBuffer&&) noexcept = default;
  JitterBuffer& operator=(JitterBuffer&&) noexcept = default;

  JitterPutResult Put(const JitterPacket& packet, std::span<const uint8_t> payload);

  // What to play next; see the class comment. `now_ms` is the playout clock.
  JitterOutput Get(int64_t now_ms);

  // The packet that follows a kMissing output, if it is here: Opus carries
  // the lost frame's FEC in it (RFC 6716 2.1.7). Does not consume it.
  std::optional<JitterOutput> PeekNext() const;

  // Drops every packet and starts over, as for a new SSRC. Keeps the target
  // depth (the network did not change) and the counters.
  void Reset();

  int32_t depth_ms() const;  // audio held ahead of the playout cursor
  int32_t target_ms() const { return static_cast<int32_t>(target_ms_ + 0.5); }
  double jitter_ms() const { return estimator_.jitter_ms(); }
  bool playing() const { return mode_ == Mode::kPlaying; }
  const JitterBufferStats& stats() const { return stats_; }

 private:
  enum class Mode : uint8_t { kWaiting, kBuffering, kPlaying };
  enum class SlotState : uint8_t { kEmpty, kStored, kPlayed, kSkipped };

  struct Slot {
    SlotState state = SlotState::kEmpty;
    bool marker = false;
    uint16_t size = 0;
    SeqNum seq;
    RtpTimestamp timestamp;
    uint32_t duration = 0;  // from JitterPacket, 0 if unknown
    int64_t arrival_ms = 0;
  };

  explicit JitterBuffer(const JitterBufferOptions& options);

  Slot& SlotFor(SeqNum seq) { return slots_[seq.value() & slot_mask_]; }
  const Slot& SlotFor(SeqNum seq) const { return slots_[seq.value() & slot_mask_]; }
  bool IsStored(SeqNum seq) const;
  std::span<const uint8_t> PayloadOf(SeqNum seq) const;

  // Put() helpers.
  bool CheckSequenceJump(const JitterPacket& packet);
  void Store(const JitterPacket& packet, std::span<const uint8_t> payload);
  void LearnFrameDuration(const JitterPacket& packet);
  void UpdateTarget(int64_t now_ms);
  void MakeRoomFor(SeqNum seq, int64_t now_ms);
  void ClearSlots();

  // Get() helpers.
  bool ReadyToPlay(int64_t now_ms) const;
  void StartPlaying();
  int64_t DepthSlackMs() const;
  bool TrimToMaxDepth();                    // true if it dropped anything
  void Consume(SeqNum seq, SlotState how);  // seq must be next_seq_; advances it
  uint32_t FrameDuration(SeqNum seq) const;
  bool ShouldSkipToShrink(int64_t now_ms);
  JitterOutput Nothing(uint32_t duration) const;
  int64_t UnitsToMs(int64_t units) const;
  int64_t MsToUnits(int64_t ms) const;
  RtpTimestamp BufferedEnd() const;  // end of the highest-numbered packet received
  // Media time held from `from` to the end of the newest packet, stopping at
  // a timestamp discontinuity (a jump is not a backlog).
  int64_t DepthUnitsFrom(RtpTimestamp from) const;

  JitterBufferOptions options_;
  size_t slot_mask_;
  std::vector<Slot> slots_;
  std::unique_ptr<uint8_t[]> payloads_;  // slot_count x max_payload_bytes
  JitterEstimator estimator_;
  JitterBufferStats stats_;

  Mode mode_ = Mode::kWaiting;
  size_t stored_ = 0;               // slots in kStored
  SeqNum next_seq_;                 // next sequence number to play
  SeqNum highest_seq_;              // highest sequence number stored so far
  RtpTimestamp highest_timestamp_;  // its timestamp
  bool consumed_any_ = false;
  SeqNum last_consumed_;      // last sequence number played or skipped
  RtpTimestamp cursor_;       // media time of the next audio to play
  uint32_t frame_units_;      // typical packet duration
  bool frame_known_ = false;  // frame_units_ measured, not guessed
  uint32_t candidate_frame_units_ = 0;
  int64_t buffering_since_ms_ = 0;  // arrival of the packet that opened buffering
  bool holding_ = false;            // cursor held on an underrun
  int64_t hold_since_ms_ = 0;
  std::optional<int64_t> excess_since_ms_;  // depth far above target since
  int64_t last_shrink_ms_ = 0;
  double target_ms_;
  std::optional<int64_t> last_target_update_ms_;
  std::optional<SeqNum> probation_seq_;  // RFC 3550 A.1 bad_seq
};

}  // namespace chorus::media
