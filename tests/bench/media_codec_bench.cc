// Per-frame costs of the codec, DSP and jitter-buffer building blocks
// (media/codec, media/dsp). Frames are 20 ms. Figures and the command that
// produced them: docs/bench/codec.md.
//
// The resampler benchmarks take the SpeexDSP quality as their argument and
// report, outside the timed loop, how much of an unwanted component gets
// through: `image_db` (8k/16k -> 48k: the mirror image of a 3 kHz tone) or
// `alias_db` (48k -> 8k/16k: a tone above the new Nyquist folding back),
// plus `passband_db`, the level change of an in-band 3.4 kHz tone. The test
// tones are at -10 dBFS and the output is int16, so -86 dB means "nothing
// above half an LSB": the floor of this measurement, not of the filter.

#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

#include "media/codec/audio_codec_factory.h"
#include "media/codec/opus_audio_decoder.h"
#include "media/codec/opus_audio_encoder.h"
#include "media/dsp/jitter_buffer.h"
#include "media/dsp/preprocessor.h"
#include "media/dsp/resampler.h"

namespace chorus::media {
namespace {

std::vector<int16_t> Speechy(uint32_t rate_hz, size_t count) {
  std::vector<int16_t> out(count);
  double phase = 0;
  for (size_t i = 0; i < count; ++i) {
    double t = static_cast<double>(i) / rate_hz;
    double pitch = 165 + 55 * std::sin(2 * std::numbers::pi * 0.7 * t);
    phase += 2 * std::numbers::pi * pitch / rate_hz;
    double v = 0;
    for (int h = 1; h <= 12 && pitch * h < rate_hz * 0.45; ++h) v += std::sin(h * phase) / h;
    out[i] =
        static_cast<int16_t>(5000 * (0.55 + 0.45 * std::sin(2 * std::numbers::pi * 4 * t)) * v);
  }
  return out;
}

std::vector<int16_t> Tone(uint32_t rate_hz, double hz, size_t count) {
  std::vector<int16_t> out(count);
  for (size_t i = 0; i < count; ++i) {
    out[i] = static_cast<int16_t>(10000 * std::sin(2 * std::numbers::pi * hz * i / rate_hz));
  }
  return out;
}

double Amplitude(const std::vector<int16_t>& x, size_t from, uint32_t rate_hz, double hz) {
  double w = 2 * std::numbers::pi * hz / rate_hz, c = 2 * std::cos(w), s1 = 0, s2 = 0;
  for (size_t i = from; i < x.size(); ++i) {
    double s0 = x[i] + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  double n = static_cast<double>(x.size() - from);
  return 2 * std::sqrt(std::max(0.0, s1 * s1 + s2 * s2 - c * s1 * s2)) / n;
}

// One second of 20 ms frames, encoded once, for the decode benchmarks.
struct Encoded {
  std::unique_ptr<AudioEncoder> encoder;
  std::vector<std::vector<uint8_t>> packets;
};

Encoded EncodeSecond(const EncoderConfig& config) {
  Encoded e{std::move(CreateAudioEncoder(config)).value(), {}};
  size_t n = e.encoder->frame_samples();
  std::vector<int16_t> pcm = Speechy(e.encoder->sample_rate_hz(), n * 50);
  std::vector<uint8_t> out(e.encoder->max_payload_bytes());
  for (size_t pos = 0; pos < pcm.size(); pos += n) {
    size_t bytes = *e.encoder->Encode(std::span<const int16_t>(pcm).subspan(pos, n), out);
    e.packets.emplace_back(out.begin(), out.begin() + bytes);
  }
  return e;
}

EncoderConfig Config(CodecId codec, std::optional<int> complexity = std::nullopt,
                     bool fec = false) {
  EncoderConfig config;
  config.codec = codec;
  config.opus.bitrate_bps = 32000;
  config.opus.complexity = complexity;
  config.opus.inband_fec = fec;
  config.opus.expected_loss_percent = fec ? 10 : 0;
  return config;
}

void Encode(benchmark::State& state, EncoderConfig config) {
  auto enc = std::move(CreateAudioEncoder(config)).value();
  size_t n = enc->frame_samples();
  std::vector<int16_t> pcm = Speechy(enc->sample_rate_hz(), n * 50);
  std::vector<uint8_t> out(enc->max_payload_bytes());
  size_t frame = 0, bytes = 0;
  for (auto _ : state) {
    auto r = enc->Encode(std::span<const int16_t>(pcm).subspan(frame * n, n), out);
    bytes += *r;
    benchmark::DoNotOptimize(out.data());
    frame = (frame + 1) % 50;
  }
  state.counters["bytes_per_frame"] =
      benchmark::Counter(static_cast<double>(bytes) / state.iterations());
}

void Decode(benchmark::State& state, EncoderConfig config) {
  Encoded e = EncodeSecond(config);
  auto dec = std::move(CreateAudioDecoder(config.codec)).value();
  std::vector<int16_t> out(dec->max_frame_samples());
  size_t frame = 0;
  for (auto _ : state) {
    auto r = dec->Decode(e.packets[frame], out);
    benchmark::DoNotOptimize(*r);
    frame = (frame + 1) % e.packets.size();
  }
}

void BM_EncodePcmu(benchmark::State& s) { Encode(s, Config(CodecId::kPcmu)); }
void BM_DecodePcmu(benchmark::State& s) { Decode(s, Config(CodecId::kPcmu)); }
void BM_EncodePcma(benchmark::State& s) { Encode(s, Config(CodecId::kPcma)); }
void BM_DecodePcma(benchmark::State& s) { Decode(s, Config(CodecId::kPcma)); }
void BM_EncodeG722(benchmark::State& s) { Encode(s, Config(CodecId::kG722)); }
void BM_DecodeG722(benchmark::State& s) { Decode(s, Config(CodecId::kG722)); }
void BM_EncodeOpus32k(benchmark::State& s) { Encode(s, Config(CodecId::kOpus)); }
void BM_EncodeOpus32kComplexity2(benchmark::State& s) { Encode(s, Config(CodecId::kOpus, 2)); }
void BM_EncodeOpus32kComplexity5(benchmark::State& s) { Encode(s, Config(CodecId::kOpus, 5)); }
void BM_DecodeOpus32k(benchmark::State& s) { Decode(s, Config(CodecId::kOpus)); }
BENCHMARK(BM_EncodePcmu);
BENCHMARK(BM_DecodePcmu);
BENCHMARK(BM_EncodePcma);
BENCHMARK(BM_DecodePcma);
BENCHMARK(BM_EncodeG722);
BENCHMARK(BM_DecodeG722);
BENCHMARK(BM_EncodeOpus32k);
BENCHMARK(BM_EncodeOpus32kComplexity5);
BENCHMARK(BM_EncodeOpus32kComplexity2);
BENCHMARK(BM_DecodeOpus32k);

// Concealment of one lost 20 ms frame after a good one (the pair is timed
// together; BM_DecodeOpus32k gives the good frame's share).
void BM_OpusPlcAfterGoodFrame(benchmark::State& state) {
  Encoded e = EncodeSecond(Config(CodecId::kOpus));
  auto dec = std::move(OpusAudioDecoder::Create()).value();
  std::vector<int16_t> out(dec->max_frame_samples());
  size_t frame = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(*dec->Decode(e.packets[frame], out));
    benchmark::DoNotOptimize(*dec->Conceal(960, out));
    frame = (frame + 1) % e.packets.size();
  }
}
BENCHMARK(BM_OpusPlcAfterGoodFrame);

// Recovering a lost frame from the next packet's FEC, then decoding that
// packet normally (what a receiver does after one loss).
void BM_OpusFecThenDecode(benchmark::State& state) {
  Encoded e = EncodeSecond(Config(CodecId::kOpus, std::nullopt, true));
  auto dec = std::move(OpusAudioDecoder::Create()).value();
  std::vector<int16_t> out(dec->max_frame_samples());
  size_t frame = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(*dec->DecodeFec(e.packets[frame], 960, out));
    benchmark::DoNotOptimize(*dec->Decode(e.packets[frame], out));
    frame = (frame + 1) % e.packets.size();
  }
}
BENCHMARK(BM_OpusFecThenDecode);

void BM_G711ConcealFrame(benchmark::State& state) {
  Encoded e = EncodeSecond(Config(CodecId::kPcmu));
  auto dec = std::move(CreateAudioDecoder(CodecId::kPcmu)).value();
  std::vector<int16_t> out(dec->max_frame_samples());
  benchmark::DoNotOptimize(*dec->Decode(e.packets[0], out));
  for (auto _ : state) {
    benchmark::DoNotOptimize(*dec->Conceal(160, out));
    if (state.iterations() % 3 == 0) (void)dec->Decode(e.packets[1], out);
  }
}
BENCHMARK(BM_G711ConcealFrame);

// Resampling one 20 ms frame; argument = SpeexDSP quality.
void Resample(benchmark::State& state, uint32_t in_hz, uint32_t out_hz) {
  ResamplerOptions options;
  options.input_rate_hz = in_hz;
  options.output_rate_hz = out_hz;
  options.quality = static_cast<int>(state.range(0));
  Resampler r = std::move(Resampler::Create(options)).value();

  // Quality figures, untimed.
  auto run = [&](const std::vector<int16_t>& in) {
    Resampler q = std::move(Resampler::Create(options)).value();
    std::vector<int16_t> out, frame(q.output_frame_samples());
    for (size_t pos = 0; pos + q.input_frame_samples() <= in.size();
         pos += q.input_frame_samples()) {
      q.Process(std::span<const int16_t>(in).subspan(pos, q.input_frame_samples()), frame);
      out.insert(out.end(), frame.begin(), frame.end());
    }
    return out;
  };
  double ref = 10000;
  auto db = [&](double amplitude) { return 20 * std::log10(std::max(amplitude, 0.5) / ref); };
  std::vector<int16_t> pass = run(Tone(in_hz, 3400, in_hz));
  state.counters["passband_db"] = db(Amplitude(pass, out_hz / 10, out_hz, 3400));
  if (out_hz > in_hz) {
    // A 3 kHz tone's image at in_hz - 3 kHz must be filtered out.
    std::vector<int16_t> up = run(Tone(in_hz, 3000, in_hz));
    state.counters["image_db"] = db(Amplitude(up, out_hz / 10, out_hz, in_hz - 3000.0));
  } else {
    // A tone 1 kHz above the new Nyquist folds to out_hz/2 - 1 kHz.
    double f = out_hz / 2.0 + 1000;
    std::vector<int16_t> down = run(Tone(in_hz, f, in_hz));
    state.counters["alias_db"] = db(Amplitude(down, out_hz / 10, out_hz, out_hz / 2.0 - 1000));
  }
  state.counters["delay_ms"] = r.delay_samples() * 1000.0 / out_hz;

  std::vector<int16_t> in = Speechy(in_hz, r.input_frame_samples() * 50);
  std::vector<int16_t> out(r.output_frame_samples());
  size_t frame = 0;
  for (auto _ : state) {
    r.Process(std::span<const int16_t>(in).subspan(frame * r.input_frame_samples(),
                                                   r.input_frame_samples()),
              out);
    benchmark::DoNotOptimize(out.data());
    frame = (frame + 1) % 50;
  }
}

void BM_Resample8kTo48k(benchmark::State& s) { Resample(s, 8000, 48000); }
void BM_Resample48kTo8k(benchmark::State& s) { Resample(s, 48000, 8000); }
void BM_Resample16kTo48k(benchmark::State& s) { Resample(s, 16000, 48000); }
void BM_Resample48kTo16k(benchmark::State& s) { Resample(s, 48000, 16000); }
BENCHMARK(BM_Resample8kTo48k)->Arg(0)->Arg(2)->Arg(3)->Arg(4)->Arg(5)->Arg(7)->Arg(10);
BENCHMARK(BM_Resample48kTo8k)->Arg(0)->Arg(2)->Arg(3)->Arg(4)->Arg(5)->Arg(7)->Arg(10);
BENCHMARK(BM_Resample16kTo48k)->Arg(0)->Arg(2)->Arg(3)->Arg(4)->Arg(5)->Arg(7)->Arg(10);
BENCHMARK(BM_Resample48kTo16k)->Arg(0)->Arg(2)->Arg(3)->Arg(4)->Arg(5)->Arg(7)->Arg(10);

// One packet through the jitter buffer: Put on arrival plus the Get that
// plays it, on a 20 ms stream with mild jitter and occasional reordering.
void BM_JitterBufferPutGet(benchmark::State& state) {
  JitterBuffer jb = std::move(JitterBuffer::Create({})).value();
  std::vector<uint8_t> payload(160, 0x55);
  uint16_t seq = 0;
  uint32_t ts = 0;
  int64_t now = 0;
  for (auto _ : state) {
    uint16_t s = (seq % 7 == 3) ? seq + 1 : (seq % 7 == 4 ? seq - 1 : seq);
    uint32_t t = ts + (s - seq) * 160;
    jb.Put({SeqNum(s), RtpTimestamp(t), false, now + seq % 5}, payload);
    benchmark::DoNotOptimize(jb.Get(now));
    ++seq;
    ts += 160;
    now += 20;
  }
  state.counters["lost"] = static_cast<double>(jb.stats().lost);
}
BENCHMARK(BM_JitterBufferPutGet);

void BM_Preprocess48k(benchmark::State& state) {
  PreprocessorOptions options;
  options.agc = state.range(0) != 0;
  Preprocessor pp = std::move(Preprocessor::Create(options)).value();
  std::vector<int16_t> in = Speechy(48000, pp.frame_samples() * 50);
  std::vector<int16_t> frame(pp.frame_samples());
  size_t f = 0;
  for (auto _ : state) {
    std::copy_n(in.begin() + f * frame.size(), frame.size(), frame.begin());
    benchmark::DoNotOptimize(pp.Process(frame));
    f = (f + 1) % 50;
  }
}
BENCHMARK(BM_Preprocess48k)->Arg(0)->Arg(1);

}  // namespace
}  // namespace chorus::media
