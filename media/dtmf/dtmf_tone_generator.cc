#include "media/dtmf/dtmf_tone_generator.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace chorus::media {
namespace {

constexpr char kKeypad[4][5] = {"123A", "456B", "789C", "*0#D"};

}  // namespace

bool DtmfKeypadPosition(char digit, int& row, int& column) {
  if (digit >= 'a' && digit <= 'd') digit = static_cast<char>(digit - 'a' + 'A');
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) {
      if (kKeypad[r][c] == digit) {
        row = r;
        column = c;
        return true;
      }
    }
  }
  return false;
}

Result<DtmfToneGenerator> DtmfToneGenerator::Create(char digit, const DtmfToneOptions& options) {
  int row = 0;
  int col = 0;
  if (!DtmfKeypadPosition(digit, row, col)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "dtmf: '" + std::string(1, digit) + "' is not a DTMF digit");
  }
  if (options.sample_rate_hz < 8000) {
    return MakeError(ErrorCode::kInvalidArgument, "dtmf: sample rate below 8000 Hz");
  }
  DtmfToneGenerator g;
  const double rate = options.sample_rate_hz;
  g.row_step_ = 2 * std::numbers::pi * kDtmfRowHz[row] * (1 + options.row_deviation) / rate;
  g.col_step_ = 2 * std::numbers::pi * kDtmfColumnHz[col] * (1 + options.column_deviation) / rate;
  g.row_amp_ = 32767.0 * std::pow(10.0, options.level_dbfs / 20);
  g.col_amp_ = 32767.0 * std::pow(10.0, (options.level_dbfs + options.twist_db) / 20);
  return g;
}

void DtmfToneGenerator::Fill(std::span<int16_t> out) {
  for (int16_t& s : out) {
    const double v = row_amp_ * std::sin(row_phase_) + col_amp_ * std::sin(col_phase_);
    s = static_cast<int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
    row_phase_ = std::fmod(row_phase_ + row_step_, 2 * std::numbers::pi);
    col_phase_ = std::fmod(col_phase_ + col_step_, 2 * std::numbers::pi);
  }
}

}  // namespace chorus::media
