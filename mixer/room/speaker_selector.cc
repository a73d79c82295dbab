#include "mixer/room/speaker_selector.h"

#include <cmath>
#include <string>

namespace chorus::mixer {
namespace {

constexpr int32_t kSilenceQ8 = -127 * 256;
// Upper bound of every duration option: keeps tick counters far from
// overflow and catches values given in the wrong unit.
constexpr int kMaxDurationMs = 3'600'000;
constexpr int kMaxCapacity = 1 << 20;

int32_t DbToQ8(int db) { return db * 256; }

int32_t DbovToQ8(float dbov) {
  if (!(dbov > -127.0f)) return kSilenceQ8;  // also NaN
  if (dbov >= 0.0f) return 0;
  return static_cast<int32_t>(std::lround(dbov * 256.0f));
}

// Ticks covering `ms`, rounded up, at least `min_ticks`.
int32_t ToTicks(int ms, int tick_ms, int32_t min_ticks) {
  const int32_t ticks = (ms + tick_ms - 1) / tick_ms;
  return ticks < min_ticks ? min_ticks : ticks;
}

// One-pole smoothing coefficient 1 - exp(-tick / tau) in Q15; tau 0 follows
// the input at once.
int32_t SmoothingQ15(int tau_ms, int tick_ms) {
  if (tau_ms <= 0) return 32768;
  const double coeff = 1.0 - std::exp(-static_cast<double>(tick_ms) / tau_ms);
  const auto q15 = static_cast<int32_t>(std::lround(coeff * 32768.0));
  return q15 < 1 ? 1 : q15;
}

Error InvalidOption(const char* field, const std::string& rule, int value) {
  return MakeError(ErrorCode::kInvalidArgument, std::string("speaker selector option ") + field +
                                                    " must be " + rule + " (got " +
                                                    std::to_string(value) + ")");
}

Result<void> Validate(const SpeakerSelectorOptions& o) {
  if (o.capacity < 1 || o.capacity > kMaxCapacity) {
    return InvalidOption("capacity", "1.." + std::to_string(kMaxCapacity), o.capacity);
  }
  if (o.max_speakers < 1 || o.max_speakers > o.capacity) {
    return InvalidOption("max_speakers", "1..capacity", o.max_speakers);
  }
  if (o.tick_ms < 1 || o.tick_ms > 1000) return InvalidOption("tick_ms", "1..1000", o.tick_ms);
  const struct {
    const char* name;
    int value;
  } durations[] = {{"attack_ms", o.attack_ms},         {"release_ms", o.release_ms},
                   {"switch_ms", o.switch_ms},         {"hold_ms", o.hold_ms},
                   {"talk_start_ms", o.talk_start_ms}, {"talk_stop_ms", o.talk_stop_ms}};
  for (const auto& d : durations) {
    if (d.value < 0 || d.value > kMaxDurationMs) {
      return InvalidOption(d.name, "0.." + std::to_string(kMaxDurationMs), d.value);
    }
  }
  if (o.gate_dbov < -127 || o.gate_dbov > 0) {
    return InvalidOption("gate_dbov", "-127..0", o.gate_dbov);
  }
  if (o.talk_threshold_dbov < -127 || o.talk_threshold_dbov > 0) {
    return InvalidOption("talk_threshold_dbov", "-127..0", o.talk_threshold_dbov);
  }
  if (o.switch_margin_db < 0 || o.switch_margin_db > 127) {
    return InvalidOption("switch_margin_db", "0..127", o.switch_margin_db);
  }
  return Ok();
}

}  // namespace

Result<SpeakerSelector> SpeakerSelector::Create(const SpeakerSelectorOptions& options) {
  if (Result<void> valid = Validate(options); !valid) return valid.error();
  return SpeakerSelector(options);
}

SpeakerSelector::SpeakerSelector(const SpeakerSelectorOptions& options)
    : options_(options),
      attack_q15_(SmoothingQ15(options.attack_ms, options.tick_ms)),
      release_q15_(SmoothingQ15(options.release_ms, options.tick_ms)),
      gate_q8_(DbToQ8(options.gate_dbov)),
      margin_q8_(DbToQ8(options.switch_margin_db)),
      talk_threshold_q8_(DbToQ8(options.talk_threshold_dbov)),
      switch_ticks_(ToTicks(options.switch_ms, options.tick_ms, 1)),
      hold_ticks_(ToTicks(options.hold_ms, options.tick_ms, 0)),
      talk_start_ticks_(ToTicks(options.talk_start_ms, options.tick_ms, 1)),
      talk_stop_ticks_(ToTicks(options.talk_stop_ms, options.tick_ms, 1)) {
  const auto capacity = static_cast<size_t>(options.capacity);
  participants_.resize(capacity);
  free_.reserve(capacity);
  for (size_t i = capacity; i > 0; --i) free_.push_back(static_cast<uint32_t>(i - 1));
  active_.reserve(capacity);
  seats_.reserve(static_cast<size_t>(options.max_speakers));
  candidates_.reserve(static_cast<size_t>(options.max_speakers));
  // At most one transition per participant per tick.
  events_.reserve(capacity);
}

Result<SpeakerSlot> SpeakerSelector::Add(uint64_t participant_id) {
  if (free_.empty()) {
    return MakeError(ErrorCode::kExhausted,
                     "speaker selector is full (capacity " + std::to_string(options_.capacity) +
                         "); participant " + std::to_string(participant_id) + " not added");
  }
  const uint32_t index = free_.back();
  free_.pop_back();
  Participant& p = participants_[index];
  p = Participant{};
  p.id = participant_id;
  p.reported_q8 = kSilenceQ8;
  p.smoothed_q8 = kSilenceQ8;
  p.active_pos = static_cast<uint32_t>(active_.size());
  p.in_use = true;
  active_.push_back(index);
  return SpeakerSlot{index};
}

Result<void> SpeakerSelector::Remove(SpeakerSlot slot) {
  if (!InUse(slot)) {
    return MakeError(ErrorCode::kNotFound,
                     "speaker selector slot " + std::to_string(slot.index) + " is not in use");
  }
  Participant& p = participants_[slot.index];
  for (size_t s = 0; s < seats_.size(); ++s) {
    if (seats_[s] == slot) {
      Unseat(s);
      break;
    }
  }
  // Swap-remove from the dense list.
  const uint32_t last = active_.back();
  active_[p.active_pos] = last;
  participants_[last].active_pos = p.active_pos;
  active_.pop_back();
  p.in_use = false;
  free_.push_back(slot.index);
  return Ok();
}

void SpeakerSelector::Report(SpeakerSlot slot, SpeakerLevel level) {
  CHORUS_DCHECK(InUse(slot));
  if (!InUse(slot)) return;
  Participant& p = participants_[slot.index];
  p.reported_q8 = DbovToQ8(level.dbov);
  p.muted = level.muted;
}

SpeakerSelector::TickResult SpeakerSelector::Tick() {
  events_.clear();
  UpdateLevels();
  ReleaseSeats();
  FillOrChallengeSeats();
  const bool changed = seats_changed_;
  seats_changed_ = false;
  return TickResult{seats_, events_, changed};
}

void SpeakerSelector::UpdateLevels() {
  for (const uint32_t index : active_) {
    Participant& p = participants_[index];
    const int32_t reported = p.reported_q8;
    p.reported_q8 = kSilenceQ8;

    // Smoothing: a muted participant is silent to the mix.
    const int32_t target = p.muted ? kSilenceQ8 : reported;
    const int32_t diff = target - p.smoothed_q8;  // |diff| <= 127 * 256
    const int32_t coeff = diff > 0 ? attack_q15_ : release_q15_;
    p.smoothed_q8 += (diff * coeff + (1 << 14)) >> 15;

    // Talking: counts ticks that argue for the other state.
    const int32_t talk_level = (p.muted && !options_.talk_while_muted) ? kSilenceQ8 : reported;
    const bool loud = talk_level >= talk_threshold_q8_;
    if (loud != p.talking) {
      if (++p.talk_ticks >= (p.talking ? talk_stop_ticks_ : talk_start_ticks_)) {
        p.talking = !p.talking;
        p.talk_ticks = 0;
        events_.push_back(TalkEvent{p.id, SpeakerSlot{index}, p.talking});
      }
    } else {
      p.talk_ticks = 0;
    }

    if (p.seated) p.quiet_ticks = p.smoothed_q8 >= gate_q8_ ? 0 : p.quiet_ticks + 1;
  }
}

void SpeakerSelector::ReleaseSeats() {
  for (size_t s = seats_.size(); s > 0; --s) {
    const Participant& p = participants_[seats_[s - 1].index];
    if (p.muted || p.quiet_ticks > hold_ticks_) Unseat(s - 1);
  }
}

void SpeakerSelector::FillOrChallengeSeats() {
  const size_t max_seats = static_cast<size_t>(options_.max_speakers);
  if (seats_.size() < max_seats) {
    // Free seats go to the loudest eligible participants at once. The
    // candidate list is kept sorted, loudest first, and never longer than
    // the number of free seats.
    const size_t free_seats = max_seats - seats_.size();
    candidates_.clear();
    for (const uint32_t index : active_) {
      Participant& p = participants_[index];
      p.challenge_ticks = 0;
      if (p.seated || p.muted || p.smoothed_q8 < gate_q8_) continue;
      if (candidates_.size() == free_seats &&
          participants_[candidates_.back()].smoothed_q8 >= p.smoothed_q8) {
        continue;
      }
      if (candidates_.size() == free_seats) candidates_.pop_back();
      size_t pos = candidates_.size();
      candidates_.push_back(index);
      for (; pos > 0 && participants_[candidates_[pos - 1]].smoothed_q8 < p.smoothed_q8; --pos) {
        candidates_[pos] = candidates_[pos - 1];
      }
      candidates_[pos] = index;
    }
    for (const uint32_t index : candidates_) Seat(index, seats_.size());
    return;
  }

  // All seats taken: find the weakest, then let challengers count.
  size_t weakest = 0;
  for (size_t s = 1; s < seats_.size(); ++s) {
    if (participants_[seats_[s].index].smoothed_q8 <
        participants_[seats_[weakest].index].smoothed_q8) {
      weakest = s;
    }
  }
  const int32_t bar_q8 = participants_[seats_[weakest].index].smoothed_q8 + margin_q8_;
  Participant* best = nullptr;
  uint32_t best_index = 0;
  for (const uint32_t index : active_) {
    Participant& p = participants_[index];
    if (p.seated) continue;
    const bool beats = !p.muted && p.smoothed_q8 >= gate_q8_ && p.smoothed_q8 >= bar_q8;
    p.challenge_ticks = beats ? p.challenge_ticks + 1 : 0;
    if (p.challenge_ticks >= switch_ticks_ &&
        (best == nullptr || p.smoothed_q8 > best->smoothed_q8)) {
      best = &p;
      best_index = index;
    }
  }
  if (best != nullptr) {
    participants_[seats_[weakest].index].seated = false;
    Seat(best_index, weakest);
  }
}

void SpeakerSelector::Seat(uint32_t index, size_t seat) {
  Participant& p = participants_[index];
  p.seated = true;
  p.quiet_ticks = 0;
  p.challenge_ticks = 0;
  if (seat < seats_.size()) {
    seats_[seat] = SpeakerSlot{index};
  } else {
    seats_.push_back(SpeakerSlot{index});
  }
  seats_changed_ = true;
}

void SpeakerSelector::Unseat(size_t seat) {
  Participant& p = participants_[seats_[seat].index];
  p.seated = false;
  p.challenge_ticks = 0;
  seats_.erase(seats_.begin() + static_cast<std::ptrdiff_t>(seat));
  seats_changed_ = true;
}

bool SpeakerSelector::IsSelected(SpeakerSlot slot) const {
  return InUse(slot) && participants_[slot.index].seated;
}

bool SpeakerSelector::IsTalking(SpeakerSlot slot) const {
  return InUse(slot) && participants_[slot.index].talking;
}

float SpeakerSelector::SmoothedDbov(SpeakerSlot slot) const {
  if (!InUse(slot)) return -127.0f;
  return static_cast<float>(participants_[slot.index].smoothed_q8) / 256.0f;
}

uint64_t SpeakerSelector::participant_id(SpeakerSlot slot) const {
  return InUse(slot) ? participants_[slot.index].id : 0;
}

}  // namespace chorus::mixer
