#pragma once

// DtmfToneGenerator: the dual tone of one DTMF digit (ITU-T Q.23
// frequencies) as 16-bit PCM, with per-tone level, twist and frequency
// deviation settable so tests can probe the detector's tolerances. Phase
// runs on across Fill() calls. Also usable for in-band DTMF towards a
// peer that lacks RFC 4733. One owner; allocation-free.

#include <cstdint>
#include <span>

#include "media/base/result.h"

namespace chorus::media {

inline constexpr double kDtmfRowHz[4] = {697, 770, 852, 941};
inline constexpr double kDtmfColumnHz[4] = {1209, 1336, 1477, 1633};

struct DtmfToneOptions {
  uint32_t sample_rate_hz = 8000;
  // Level of the low (row) tone; 0 dBFS = a full-scale sine.
  double level_dbfs = -10;
  // High (column) tone level minus low tone level.
  double twist_db = 0;
  // Relative frequency offsets, e.g. 0.015 for +1.5%.
  double row_deviation = 0;
  double column_deviation = 0;
};

class DtmfToneGenerator {
 public:
  static Result<DtmfToneGenerator> Create(char digit, const DtmfToneOptions& options);
  void Fill(std::span<int16_t> out);

 private:
  DtmfToneGenerator() = default;
  double row_step_ = 0;  // radians per sample
  double col_step_ = 0;
  double row_amp_ = 0;
  double col_amp_ = 0;
  double row_phase_ = 0;
  double col_phase_ = 0;
};

// Row (0-3) and column (0-3) of a digit in the keypad matrix.
bool DtmfKeypadPosition(char digit, int& row, int& column);

}  // namespace chorus::media
