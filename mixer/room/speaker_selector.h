#pragma once

// SpeakerSelector: on each tick, picks which participants of a room are
// mixed (at most `max_speakers`, DESIGN.md "top N loudest, with hysteresis")
// and reports when each participant starts and stops talking.
//
// Levels are dBov (0 = full scale, -127 = silence), either measured from the
// decoded frame (mixer/kernels/audio_level.h) or taken from the RFC 6464
// header extension. Per participant the selector keeps a smoothed level
// (fast attack, slow release). A participant is eligible when unmuted and its
// smoothed level is at or above the noise gate. Seats are kept stable:
// - a free seat goes at once to the loudest eligible participant;
// - when every seat is taken, a candidate replaces the weakest seated
//   speaker only after beating it by `switch_margin_db` for `switch_ms` in a
//   row (no flapping between two similar voices);
// - a seated speaker whose smoothed level drops below the gate keeps its
//   seat for `hold_ms` (pauses between words). Hold keeps a seat from being
//   released, not from being challenged: a newcomer still wins it by the
//   hysteresis rule above, so a quiet holder cannot block a new voice for
//   longer than `switch_ms`. A muted or removed speaker leaves at once.
// Talking detection runs on the unsmoothed level with its own hysteresis:
// talking starts after `talk_start_ms` at or above `talk_threshold_dbov`
// and stops after `talk_stop_ms` below it; each transition is reported once.
//
// Thread: the media worker owning the room; not thread-safe. Owned by the
// room. Add/Remove allocate only for an error message and are meant for
// join/leave; Report and Tick are the per-tick path: no allocation, lock,
// exception or log.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "media/base/result.h"

namespace chorus::mixer {

struct SpeakerSelectorOptions {
  // Participants mixed at once.
  int max_speakers = 3;
  // Participants the selector holds; all storage is allocated up front.
  int capacity = 256;
  // Length of one tick (the room's ptime).
  int tick_ms = 20;
  // Time constants of the level smoothing while the level rises / falls.
  int attack_ms = 10;
  int release_ms = 300;
  // Noise gate on the smoothed level: quieter participants are not eligible.
  int gate_dbov = -50;
  // Hysteresis for taking an occupied seat: louder than the weakest seated
  // speaker by this many dB, for this long without interruption.
  int switch_margin_db = 6;
  int switch_ms = 200;
  // How long a seated speaker stays seated after dropping below the gate.
  int hold_ms = 800;
  // Talking detection on the per-frame level.
  int talk_threshold_dbov = -40;
  int talk_start_ms = 60;
  int talk_stop_ms = 400;
  // Whether a muted participant can be reported as talking (e.g. to tell
  // them they are muted). When false, muted frames count as silence.
  bool talk_while_muted = false;
};

// Handle of a participant inside one selector, returned by Add.
struct SpeakerSlot {
  uint32_t index = 0;
  friend bool operator==(SpeakerSlot a, SpeakerSlot b) { return a.index == b.index; }
};

// One participant's level for the current tick.
struct SpeakerLevel {
  float dbov = -127.0f;  // clamped to -127 .. 0; NaN counts as silence
  bool muted = false;
};

struct TalkEvent {
  uint64_t participant_id;
  SpeakerSlot slot;
  bool talking;  // true: started talking; false: stopped
};

class SpeakerSelector {
 public:
  struct TickResult {
    // The seats, in a stable order: a challenger takes the position of the
    // speaker it replaces, a released seat closes up, new seats go last.
    std::span<const SpeakerSlot> selected;
    std::span<const TalkEvent> talk_events;
    bool selection_changed;  // seats differ from the previous tick's
  };

  // Checks the options (every error names the field) and allocates storage.
  static Result<SpeakerSelector> Create(const SpeakerSelectorOptions& options);

  // `participant_id` is opaque here and returned in events; the caller keeps
  // ids unique. kExhausted when `capacity` participants are present.
  Result<SpeakerSlot> Add(uint64_t participant_id);
  // Frees the slot and any seat it holds at once; no talk event is reported.
  // kNotFound for a slot that is not in use.
  Result<void> Remove(SpeakerSlot slot);

  // Level for the coming Tick. A participant without a report in a tick is
  // treated as silent (no packet, no audio) and keeps its last mute state.
  void Report(SpeakerSlot slot, SpeakerLevel level);

  // Advances one tick. The spans stay valid until the next Tick, Add or
  // Remove.
  TickResult Tick();

  std::span<const SpeakerSlot> selected() const { return seats_; }
  bool IsSelected(SpeakerSlot slot) const;
  bool IsTalking(SpeakerSlot slot) const;
  float SmoothedDbov(SpeakerSlot slot) const;
  uint64_t participant_id(SpeakerSlot slot) const;
  size_t size() const { return active_.size(); }
  const SpeakerSelectorOptions& options() const { return options_; }

 private:
  // Levels inside are dB in Q8 fixed point, so the whole tick is integer
  // arithmetic and exactly reproducible.
  struct Participant {
    uint64_t id = 0;
    int32_t reported_q8 = 0;
    int32_t smoothed_q8 = 0;
    int32_t talk_ticks = 0;       // ticks the talk state has wanted to flip
    int32_t challenge_ticks = 0;  // ticks beating the weakest seat by the margin
    int32_t quiet_ticks = 0;      // seated: ticks below the gate
    uint32_t active_pos = 0;      // index in active_
    bool in_use = false;
    bool muted = false;
    bool talking = false;
    bool seated = false;
  };

  explicit SpeakerSelector(const SpeakerSelectorOptions& options);

  bool InUse(SpeakerSlot slot) const {
    return slot.index < participants_.size() && participants_[slot.index].in_use;
  }
  void UpdateLevels();
  void ReleaseSeats();
  void FillOrChallengeSeats();
  // Seats participant `index` in seat `seat`, or in a new seat at the end.
  void Seat(uint32_t index, size_t seat);
  void Unseat(size_t seat);

  SpeakerSelectorOptions options_;
  int32_t attack_q15_;
  int32_t release_q15_;
  int32_t gate_q8_;
  int32_t margin_q8_;
  int32_t talk_threshold_q8_;
  int32_t switch_ticks_;
  int32_t hold_ticks_;
  int32_t talk_start_ticks_;
  int32_t talk_stop_ticks_;

  std::vector<Participant> participants_;  // indexed by slot
  std::vector<uint32_t> free_;             // unused slots, a stack
  std::vector<uint32_t> active_;           // used slots, dense
  std::vector<SpeakerSlot> seats_;
  std::vector<uint32_t> candidates_;  // loudest unseated, for free seats
  std::vector<TalkEvent> events_;
  bool seats_changed_ = false;
};

}  // namespace chorus::mixer
