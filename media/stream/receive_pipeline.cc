#include "media/stream/receive_pipeline.h"

#include <algorithm>
#include <string>

#include "media/codec/audio_codec_factory.h"

namespace chorus::media {
namespace {

// Jitter buffer outputs taken per tick at most: a 20 ms tick needs two of
// 10 ms packets, a few more with gaps; this only guards against a loop.
constexpr int kMaxPullsPerTick = 32;
constexpr uint32_t kDetectorRateHz = 8000;
// Opus concealment works in steps of 2.5 ms (RFC 6716 2.1.4).
constexpr uint32_t kConcealStepsPerSecond = 400;

}  // namespace

Result<std::unique_ptr<ReceivePipeline>> ReceivePipeline::Create(
    const ReceivePipelineOptions& options) {
  if (options.codecs.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "receive pipeline: no receive codecs");
  }
  if (options.internal_rate_hz != 8000 && options.internal_rate_hz != 16000 &&
      options.internal_rate_hz != 48000) {
    return MakeError(ErrorCode::kInvalidArgument, "receive pipeline: internal rate " +
                                                      std::to_string(options.internal_rate_hz) +
                                                      " Hz is not 8/16/48 kHz");
  }

  // Distinct decoders, clock rates and sample rates, in order of appearance.
  std::vector<CodecId> codecs;
  std::vector<uint32_t> clocks;
  std::vector<uint32_t> rates;
  auto index_of = [](auto& list, auto value) {
    auto it = std::find(list.begin(), list.end(), value);
    if (it != list.end()) return static_cast<size_t>(it - list.begin());
    list.push_back(value);
    return list.size() - 1;
  };
  std::vector<PayloadEntry> entries;
  std::array<int8_t, 128> pt_entry;
  pt_entry.fill(kNoEntry);
  for (const ReceiveCodecConfig& rc : options.codecs) {
    if (rc.payload_type > 127 || pt_entry[rc.payload_type] != kNoEntry) {
      return MakeError(ErrorCode::kInvalidArgument, "receive pipeline: payload type " +
                                                        std::to_string(rc.payload_type) +
                                                        " is out of range or listed twice");
    }
    const CodecInfo& info = GetCodecInfo(rc.codec);
    PayloadEntry entry;
    entry.decoder = static_cast<uint8_t>(index_of(codecs, rc.codec));
    entry.jitter = static_cast<uint8_t>(index_of(clocks, info.rtp_clock_rate_hz));
    index_of(rates, info.sample_rate_hz);
    pt_entry[rc.payload_type] = static_cast<int8_t>(entries.size());
    entries.push_back(entry);
  }

  size_t max_frame = 0;
  size_t max_tick = 0;
  std::vector<std::unique_ptr<AudioDecoder>> decoders;
  std::vector<uint8_t> decoder_chain;
  for (CodecId codec : codecs) {
    auto decoder = CreateAudioDecoder(codec);
    if (!decoder) return decoder.error();
    max_frame = std::max(max_frame, (*decoder)->max_frame_samples());
    const uint32_t rate = GetCodecInfo(codec).sample_rate_hz;
    decoder_chain.push_back(static_cast<uint8_t>(index_of(rates, rate)));
    decoders.push_back(std::move(decoder).value());
  }

  auto pipeline =
      std::unique_ptr<ReceivePipeline>(new ReceivePipeline(options.internal_rate_hz, 0));
  for (uint32_t rate : rates) {
    max_tick = std::max<size_t>(max_tick, rate / 1000 * kTickMs);
    auto to_internal = Resampler::Create({rate, options.internal_rate_hz, kTickMs});
    if (!to_internal) return to_internal.error();
    std::optional<Resampler> to_detector;
    if (options.inband_dtmf && rate != kDetectorRateHz) {
      auto r = Resampler::Create({rate, kDetectorRateHz, kTickMs});
      if (!r) return r.error();
      to_detector.emplace(std::move(r).value());
    }
    pipeline->chains_.push_back(
        Chain{rate, std::move(to_internal).value(), std::move(to_detector)});
  }
  for (uint32_t clock : clocks) {
    JitterBufferOptions jo = options.jitter;
    jo.clock_rate_hz = clock;
    jo.tick_rtp_units = clock / 1000 * kTickMs;
    auto jb = JitterBuffer::Create(jo);
    if (!jb) return jb.error();
    pipeline->jitters_.push_back(
        Jitter{clock, std::move(jb).value(), std::vector<SeqNote>(jo.slot_count)});
  }
  pipeline->pt_entry_ = pt_entry;
  pipeline->entries_ = std::move(entries);
  pipeline->decoders_ = std::move(decoders);
  pipeline->decoder_chain_ = std::move(decoder_chain);
  pipeline->chain_ = pipeline->decoder_chain_[pipeline->entries_[0].decoder];
  pipeline->active_jitter_ = pipeline->entries_[0].jitter;
  // Below a tick when a packet is decoded, so a whole packet always fits.
  pipeline->fifo_ = PcmFifo(max_tick + max_frame);
  if (options.inband_dtmf) {
    pipeline->detector_.emplace(kDetectorRateHz);
    pipeline->detector_frame_.resize(kDetectorRateHz / 1000 * kTickMs);
  }
  return pipeline;
}

ReceivePipeline::ReceivePipeline(uint32_t internal_rate_hz, size_t fifo_samples)
    : internal_rate_hz_(internal_rate_hz), fifo_(fifo_samples) {
  pt_entry_.fill(kNoEntry);
}

int8_t ReceivePipeline::EntryAt(const Jitter& jitter, SeqNum seq) const {
  const SeqNote& note = jitter.notes[seq.value() % jitter.notes.size()];
  return note.seq == seq.value() ? note.entry : kNoEntry;
}

size_t ReceivePipeline::UnitsToSamples(uint32_t units) const {
  const uint32_t clock = jitters_[active_jitter_].clock_rate_hz;
  return static_cast<size_t>(uint64_t{units} * chains_[chain_].rate_hz / clock);
}

ReceiveOutcome ReceivePipeline::Put(uint8_t payload_type, SeqNum seq, RtpTimestamp timestamp,
                                    bool marker, std::span<const uint8_t> payload, int64_t now_ms) {
  if (!HandlesPayloadType(payload_type)) return ReceiveOutcome::kUnknownPayloadType;
  const int8_t index = pt_entry_[payload_type];
  const PayloadEntry& entry = entries_[static_cast<size_t>(index)];
  AudioDecoder& decoder = *decoders_[entry.decoder];
  if (payload.empty()) return ReceiveOutcome::kBadPayload;
  Result<size_t> samples = decoder.PayloadSamples(payload);
  if (!samples || *samples == 0 || *samples > decoder.max_frame_samples()) {
    ++stats_.decode_errors;
    return ReceiveOutcome::kBadPayload;
  }
  if (entry.jitter != active_jitter_) {
    // The peer moved to a codec on another RTP clock: the old timeline ends.
    jitters_[active_jitter_].buffer.Reset();
    active_jitter_ = entry.jitter;
  }
  Jitter& jitter = jitters_[active_jitter_];
  JitterPacket packet;
  packet.seq = seq;
  packet.timestamp = timestamp;
  packet.marker = marker;
  packet.arrival_ms = now_ms;
  packet.duration_rtp_units =
      GetCodecInfo(decoder.codec()).SamplesToRtpUnits(static_cast<uint32_t>(*samples));
  switch (jitter.buffer.Put(packet, payload)) {
    case JitterPutResult::kStored:
      jitter.notes[seq.value() % jitter.notes.size()] = SeqNote{seq.value(), index};
      return ReceiveOutcome::kStored;
    case JitterPutResult::kDuplicate:
      return ReceiveOutcome::kDuplicate;
    case JitterPutResult::kLate:
      return ReceiveOutcome::kLate;
    case JitterPutResult::kBadSize:
    case JitterPutResult::kStray:
      break;
  }
  return ReceiveOutcome::kDropped;
}

void ReceivePipeline::NoteNonAudio(SeqNum seq) {
  Jitter& jitter = jitters_[active_jitter_];
  jitter.notes[seq.value() % jitter.notes.size()] = SeqNote{seq.value(), kNonAudio};
}

void ReceivePipeline::UseChain(size_t chain) {
  if (chain == chain_) return;
  // Another sample rate: what is left at the old one (part of a packet)
  // cannot be joined to the new audio; drop it and start the filters clean.
  fifo_.Clear();
  chain_ = chain;
  chains_[chain_].to_internal.Reset();
  if (chains_[chain_].to_detector) chains_[chain_].to_detector->Reset();
}

void ReceivePipeline::AppendDecoded(const Result<size_t>& written, size_t wanted) {
  if (written) {
    fifo_.Commit(*written);
  } else {
    ++stats_.decode_errors;
    fifo_.AppendSilence(wanted);
  }
}

void ReceivePipeline::PlayFrame(const JitterOutput& out) {
  const Jitter& jitter = jitters_[active_jitter_];
  const int8_t index = EntryAt(jitter, out.seq);
  if (index < 0) {
    PlayMissing(out);
    return;
  }
  const uint8_t d = entries_[static_cast<size_t>(index)].decoder;
  UseChain(decoder_chain_[d]);
  AudioDecoder& decoder = *decoders_[d];
  std::span<int16_t> tail = fifo_.Tail();
  if (tail.size() > decoder.max_frame_samples()) tail = tail.first(decoder.max_frame_samples());
  const Result<size_t> written = decoder.Decode(out.payload, tail);
  if (written) ++stats_.frames_decoded;
  AppendDecoded(written, UnitsToSamples(out.duration_rtp_units));
  last_decoder_ = d;
}

void ReceivePipeline::PlayMissing(const JitterOutput& out) {
  const Jitter& jitter = jitters_[active_jitter_];
  size_t samples = std::min(UnitsToSamples(out.duration_rtp_units), fifo_.free_space());
  if (EntryAt(jitter, out.seq) == kNonAudio || last_decoder_ < 0 ||
      decoder_chain_[static_cast<size_t>(last_decoder_)] != chain_) {
    // An RFC 4733 event's place, or nothing decoded at this rate to extend.
    fifo_.AppendSilence(samples);
    return;
  }
  AudioDecoder& decoder = *decoders_[static_cast<size_t>(last_decoder_)];
  const size_t step = chains_[chain_].rate_hz / kConcealStepsPerSecond;
  const size_t conceal = std::min(samples - samples % step, decoder.max_frame_samples());
  if (conceal == 0) {
    fifo_.AppendSilence(samples);
    return;
  }
  ++stats_.frames_concealed;
  std::optional<JitterOutput> next;
  if (decoder.SupportsFec()) next = jitters_[active_jitter_].buffer.PeekNext();
  Result<size_t> written = size_t{0};
  if (next && EntryAt(jitter, next->seq) >= 0 &&
      entries_[static_cast<size_t>(EntryAt(jitter, next->seq))].decoder == last_decoder_) {
    ++stats_.frames_fec;
    written = decoder.DecodeFec(next->payload, conceal, fifo_.Tail());
  } else {
    written = decoder.Conceal(conceal, fifo_.Tail());
  }
  AppendDecoded(written, conceal);
  if (samples > conceal) fifo_.AppendSilence(samples - conceal);
}

ReceivePull ReceivePipeline::Pull(int64_t now_ms, std::span<int16_t> out) {
  CHORUS_DCHECK(out.size() == frame_samples());
  ReceivePull result;
  const uint64_t decoded_before = stats_.frames_decoded;
  for (int pass = 0; pass < kMaxPullsPerTick && fifo_.size() < TickSamples(); ++pass) {
    const JitterOutput got = jitters_[active_jitter_].buffer.Get(now_ms);
    switch (got.kind) {
      case JitterOutput::Kind::kFrame:
        PlayFrame(got);
        break;
      case JitterOutput::Kind::kMissing:
        PlayMissing(got);
        break;
      case JitterOutput::Kind::kNothing:
        fifo_.AppendSilence(std::max<size_t>(1, UnitsToSamples(got.duration_rtp_units)));
        break;
    }
  }
  result.decoded_audio = stats_.frames_decoded != decoded_before;
  const size_t tick = TickSamples();
  if (fifo_.size() < tick) fifo_.AppendSilence(tick - fifo_.size());
  std::span<const int16_t> frame = fifo_.Front(tick);
  Chain& chain = chains_[chain_];
  if (detector_) {
    std::span<const int16_t> at_8k = frame;
    if (chain.to_detector) {
      chain.to_detector->Process(frame, detector_frame_);
      at_8k = detector_frame_;
    }
    result.inband_digit = detector_->Process(at_8k);
  }
  chain.to_internal.Process(frame, out);
  fifo_.Consume(tick);
  return result;
}

void ReceivePipeline::Reset() {
  for (Jitter& jitter : jitters_) {
    jitter.buffer.Reset();
    std::fill(jitter.notes.begin(), jitter.notes.end(), SeqNote{});
  }
  for (auto& decoder : decoders_) decoder->Reset();
  last_decoder_ = -1;
  fifo_.Clear();
  if (detector_) detector_->Reset();
}

int32_t ReceivePipeline::depth_ms() const { return jitters_[active_jitter_].buffer.depth_ms(); }

ReceivePipelineStats ReceivePipeline::stats() const {
  ReceivePipelineStats s = stats_;
  for (const Jitter& jitter : jitters_) {
    s.late += jitter.buffer.stats().late;
    s.duplicate += jitter.buffer.stats().duplicate;
  }
  return s;
}

}  // namespace chorus::media
