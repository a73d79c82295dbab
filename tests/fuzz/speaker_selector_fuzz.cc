// Fuzz target: SpeakerSelector driven by arbitrary options and sequences of
// Add / Remove / Report / Tick, with its invariants checked after every
// step. The input is read as
//   bytes 0-9   options (speakers, capacity, timings, gate, threshold, margin)
//   then ops of 2 bytes: op % 4 (0 add, 1 remove, 2 report, 3 tick), and an
//   argument (slot, or level and mute bit); reports take a third byte.
// Invariants: at most max_speakers seats, distinct and in use; IsSelected
// agrees with the seats; nobody muted in their last report is seated; each
// talk event flips that participant's state exactly once per tick and
// IsTalking agrees; Add fails exactly when the selector is full.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "mixer/room/speaker_selector.h"

namespace {

using chorus::mixer::SpeakerLevel;
using chorus::mixer::SpeakerSelector;
using chorus::mixer::SpeakerSelectorOptions;
using chorus::mixer::SpeakerSlot;
using chorus::mixer::TalkEvent;

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

struct Mirror {
  bool in_use = false;
  bool muted = false;
  bool talking = false;
};

float LevelFromByte(uint8_t b) {
  switch (b) {
    case 255:
      return std::numeric_limits<float>::quiet_NaN();
    case 254:
      return std::numeric_limits<float>::infinity();
    case 253:
      return -std::numeric_limits<float>::infinity();
    case 252:
      return 40.0f;
    default:
      return -static_cast<float>(b) * 0.6f;  // 0 .. -150 dBov
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 10) return 0;
  SpeakerSelectorOptions o;
  o.max_speakers = 1 + data[0] % 8;
  o.capacity = o.max_speakers + data[1] % 40;
  o.attack_ms = (data[2] % 16) * 5;
  o.release_ms = (data[3] % 32) * 20;
  o.switch_ms = (data[4] % 16) * 20;
  o.hold_ms = (data[5] % 64) * 20;
  o.talk_start_ms = (data[6] % 8) * 20;
  o.talk_stop_ms = (data[7] % 32) * 20;
  o.gate_dbov = -(data[8] % 128);
  o.talk_threshold_dbov = -(data[9] % 128);
  o.switch_margin_db = data[9] % 13;
  o.talk_while_muted = (data[8] & 0x80) != 0;
  auto created = SpeakerSelector::Create(o);
  Check(created.has_value());
  SpeakerSelector& sel = *created;

  const size_t slots = static_cast<size_t>(o.capacity);
  std::vector<Mirror> mirror(slots);
  std::vector<uint8_t> flipped(slots);
  uint64_t next_id = 1;

  for (size_t pos = 10; pos + 2 <= size; pos += 2) {
    const uint8_t op = data[pos] % 4;
    const uint8_t arg = data[pos + 1];
    if (op == 0) {
      const bool full = sel.size() == slots;
      auto slot = sel.Add(next_id++);
      Check(slot.has_value() == !full);
      if (slot) {
        Check(slot->index < slots && !mirror[slot->index].in_use);
        mirror[slot->index] = Mirror{true, false, false};
      }
    } else if (op == 1) {
      const SpeakerSlot slot{static_cast<uint32_t>(arg % (slots + 2))};
      const bool in_use = slot.index < slots && mirror[slot.index].in_use;
      Check(sel.Remove(slot).has_value() == in_use);
      if (in_use) mirror[slot.index] = Mirror{};
    } else if (op == 2) {
      if (pos + 3 > size) break;
      const SpeakerSlot slot{static_cast<uint32_t>(arg % slots)};
      if (!mirror[slot.index].in_use) continue;
      const bool muted = (data[pos + 2] & 1) != 0;
      sel.Report(slot, SpeakerLevel{LevelFromByte(data[pos + 2]), muted});
      mirror[slot.index].muted = muted;
      ++pos;
    } else {
      const SpeakerSelector::TickResult r = sel.Tick();
      Check(r.selected.size() <= static_cast<size_t>(o.max_speakers));
      size_t seated = 0;
      for (size_t i = 0; i < slots; ++i) {
        seated += sel.IsSelected(SpeakerSlot{static_cast<uint32_t>(i)}) ? 1 : 0;
      }
      Check(seated == r.selected.size());
      for (const SpeakerSlot s : r.selected) {
        Check(s.index < slots && mirror[s.index].in_use && !mirror[s.index].muted);
        Check(sel.IsSelected(s));
      }
      std::fill(flipped.begin(), flipped.end(), 0);
      for (const TalkEvent& e : r.talk_events) {
        Check(e.slot.index < slots && mirror[e.slot.index].in_use);
        Check(flipped[e.slot.index] == 0);
        flipped[e.slot.index] = 1;
        Check(e.talking != mirror[e.slot.index].talking);
        Check(sel.participant_id(e.slot) == e.participant_id);
        mirror[e.slot.index].talking = e.talking;
      }
      for (size_t i = 0; i < slots; ++i) {
        const SpeakerSlot s{static_cast<uint32_t>(i)};
        Check(sel.IsTalking(s) == (mirror[i].in_use && mirror[i].talking));
        if (mirror[i].in_use) {
          const float smoothed = sel.SmoothedDbov(s);
          Check(smoothed >= -127.0f && smoothed <= 0.0f);
        }
      }
    }
  }
  return 0;
}
