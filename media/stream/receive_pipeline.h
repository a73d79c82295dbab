#pragma once

// ReceivePipeline: the decoding half of a stream. Takes the audio payloads
// of accepted RTP packets into a jitter buffer and, once per 20 ms tick,
// yields one frame at the worker's internal rate: decoded packets, Opus FEC
// or PLC for missing ones, silence where there is nothing to play, then
// resampled. Runs the in-band DTMF detector on the decoded audio when asked.
//
// Several payload types may be negotiated and the peer may switch between
// them at any packet: every codec gets its decoder at creation, every RTP
// clock rate its jitter buffer (a packet on another clock resets the one in
// use and moves to its own), and every decoder rate its resampler. Audio
// left from the previous codec at a rate change (less than one packet) is
// dropped.
//
// Built with its stream (on the signalling thread, allocating everything);
// owned and called by the stream's media worker. Put() and Pull() allocate
// nothing and take untrusted payloads: bad ones are counted and dropped.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "media/base/result.h"
#include "media/codec/audio_decoder.h"
#include "media/dsp/jitter_buffer.h"
#include "media/dsp/resampler.h"
#include "media/dtmf/dtmf_tone_detector.h"
#include "media/rtp/rtp_types.h"
#include "media/stream/pcm_fifo.h"
#include "media/stream/stream_config.h"

namespace chorus::media {

struct ReceivePipelineOptions {
  std::span<const ReceiveCodecConfig> codecs;  // at least one; the first is the default
  uint32_t internal_rate_hz = 48000;
  bool inband_dtmf = false;
  // Depth, pool and size limits; the clock and tick are set per RTP clock.
  JitterBufferOptions jitter;
};

enum class ReceiveOutcome : uint8_t {
  kStored,
  kUnknownPayloadType,
  kBadPayload,  // the codec cannot tell its duration, or it is too long
  kLate,
  kDuplicate,
  kDropped,  // refused by the jitter buffer for another reason (size, stray)
};

struct ReceivePull {
  bool decoded_audio = false;  // at least one packet decoded in this tick
  std::optional<DtmfToneEvent> inband_digit;
};

struct ReceivePipelineStats {
  uint64_t frames_decoded = 0;
  uint64_t frames_concealed = 0;
  uint64_t frames_fec = 0;
  uint64_t decode_errors = 0;
  uint64_t late = 0;
  uint64_t duplicate = 0;
};

class ReceivePipeline {
 public:
  static constexpr uint32_t kTickMs = 20;

  static Result<std::unique_ptr<ReceivePipeline>> Create(const ReceivePipelineOptions& options);
  ReceivePipeline(const ReceivePipeline&) = delete;
  ReceivePipeline& operator=(const ReceivePipeline&) = delete;

  uint32_t internal_rate_hz() const { return internal_rate_hz_; }
  size_t frame_samples() const { return internal_rate_hz_ / 1000 * kTickMs; }
  bool HandlesPayloadType(uint8_t payload_type) const {
    return payload_type < 128 && pt_entry_[payload_type] >= 0;
  }

  // One accepted audio packet.
  ReceiveOutcome Put(uint8_t payload_type, SeqNum seq, RtpTimestamp timestamp, bool marker,
                     std::span<const uint8_t> payload, int64_t now_ms);

  // A packet of the same stream that carries no audio (an RFC 4733 event):
  // its sequence number plays as silence, not as a loss to conceal.
  void NoteNonAudio(SeqNum seq);

  // The tick's frame: exactly frame_samples() samples into `out`.
  ReceivePull Pull(int64_t now_ms, std::span<int16_t> out);

  // A new source (SSRC change): forget every packet and all codec history.
  void Reset();

  int32_t depth_ms() const;
  ReceivePipelineStats stats() const;

 private:
  struct PayloadEntry {
    uint8_t decoder = 0;  // index into decoders_
    uint8_t jitter = 0;   // index into jitters_
  };
  // What the stream put at a sequence number, for reading jitter buffer
  // outputs back (the buffer keeps payloads, not payload types).
  static constexpr int8_t kNoEntry = -1;
  static constexpr int8_t kNonAudio = -2;
  struct SeqNote {
    uint16_t seq = 0;
    int8_t entry = kNoEntry;
  };
  struct Jitter {
    uint32_t clock_rate_hz = 0;
    JitterBuffer buffer;
    std::vector<SeqNote> notes;  // indexed like the buffer's slots
  };
  // Per decoder sample rate: the way to the internal rate and to the tone
  // detector's 8 kHz.
  struct Chain {
    uint32_t rate_hz = 0;
    Resampler to_internal;
    std::optional<Resampler> to_detector;
  };

  ReceivePipeline(uint32_t internal_rate_hz, size_t fifo_samples);

  int8_t EntryAt(const Jitter& jitter, SeqNum seq) const;
  size_t TickSamples() const { return chains_[chain_].rate_hz / 1000 * kTickMs; }
  size_t UnitsToSamples(uint32_t units) const;
  void UseChain(size_t chain);
  void PlayFrame(const JitterOutput& out);
  void PlayMissing(const JitterOutput& out);
  void AppendDecoded(const Result<size_t>& written, size_t wanted);

  uint32_t internal_rate_hz_;
  std::array<int8_t, 128> pt_entry_;
  std::vector<PayloadEntry> entries_;
  std::vector<std::unique_ptr<AudioDecoder>> decoders_;
  std::vector<uint8_t> decoder_chain_;
  std::vector<Jitter> jitters_;
  std::vector<Chain> chains_;
  size_t active_jitter_ = 0;
  size_t chain_ = 0;  // rate of the audio in fifo_
  int last_decoder_ = -1;
  PcmFifo fifo_;
  std::vector<int16_t> detector_frame_;
  std::optional<DtmfToneDetector> detector_;
  ReceivePipelineStats stats_;
};

}  // namespace chorus::media
