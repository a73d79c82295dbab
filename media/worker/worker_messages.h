#pragma once

// The messages between the signalling thread and a media worker (STYLE.md
// §2): commands in one bounded SPSC ring, events in another, each with an
// eventfd wake-up. Messages move ownership (a built stream, a prepared
// update) and are otherwise small plain values; events allocate nothing,
// so the worker can post them from its audio path.
//
// Stopping a worker is not a command: MediaWorker::Stop() sets a flag and
// wakes it, so a stop gets through even when the command ring is full.

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <variant>

#include "media/base/result.h"
#include "media/stream/media_stream.h"
#include "media/stream/stream_events.h"

namespace chorus::media {

// ---- Commands (signalling -> worker) ----

// Takes over a stream built by MediaStream::Create.
struct AddStreamCommand {
  std::unique_ptr<MediaStream> stream;
};

// Applies a re-negotiation built by MediaStream::PrepareUpdate: new remote
// addresses, direction, codecs or keys.
struct UpdateStreamCommand {
  uint64_t stream_id = 0;
  std::unique_ptr<StreamUpdate> update;
};

// Up to kMaxDigits DTMF characters in a fixed buffer (no allocation).
struct DtmfDigitString {
  static constexpr size_t kMaxDigits = 32;
  std::array<char, kMaxDigits> chars{};
  uint8_t size = 0;
  std::string_view view() const { return {chars.data(), size}; }
};

// Sends digits as RFC 4733 events, each `duration_ms` long and followed by
// `gap_ms` of audio.
struct SendDigitsCommand {
  uint64_t stream_id = 0;
  DtmfDigitString digits;
  uint32_t duration_ms = 100;
  uint32_t gap_ms = 60;
};

// Ends the stream: a last RTCP report with BYE, then StreamClosed.
struct RemoveStreamCommand {
  uint64_t stream_id = 0;
};

// Asks for a StreamStatsReport.
struct RequestStatsCommand {
  uint64_t stream_id = 0;
};

using WorkerCommand = std::variant<AddStreamCommand, UpdateStreamCommand, SendDigitsCommand,
                                   RemoveStreamCommand, RequestStatsCommand>;

// ---- Events (worker -> signalling) ----

enum class CommandKind : uint8_t { kAddStream, kUpdateStream, kSendDigits, kRemoveStream, kStats };

// A command the worker could not carry out (unknown stream, duplicate id,
// digits that do not fit the queue).
struct CommandFailed {
  uint64_t stream_id = 0;
  CommandKind command = CommandKind::kAddStream;
  ErrorCode code = ErrorCode::kInternal;
};

using WorkerEvent = std::variant<DtmfDigit, RtpTimeout, PeerLatched, StreamClosed,
                                 StreamStatsReport, CommandFailed>;

}  // namespace chorus::media
