// Fuzz target: compound RTCP parsing (RFC 3550 6, A.2; RFC 5506) and what
// consumes it: RtcpState::OnCompound (LSR, RTT, remote loss), the
// rtcp-mux demultiplexer, and a rebuilt report that must parse again.

#include <cstddef>
#include <cstdint>
#include <span>

#include "media/base/clock.h"
#include "media/rtcp/rtcp_builder.h"
#include "media/rtcp/rtcp_demux.h"
#include "media/rtcp/rtcp_packet.h"
#include "media/rtcp/rtcp_state.h"

using namespace chorus::media;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> datagram(data, size);
  volatile bool demux = IsRtcp(datagram);
  (void)demux;

  RtcpCompound compound;
  if (RtcpCompound::TryParse(datagram, compound) != RtcpFault::kNone) {
    if (RtcpCompound::Parse(datagram)) __builtin_trap();
    return 0;
  }
  volatile size_t sink = compound.cname.size() + compound.bye_reason.size();
  for (char c : compound.cname) sink = sink + static_cast<uint8_t>(c);
  for (char c : compound.bye_reason) sink = sink + static_cast<uint8_t>(c);
  for (uint8_t b : compound.last_app.data) sink = sink + b;
  if (compound.block_count > kRtcpMaxReportBlocks) __builtin_trap();

  static chorus::FakeClock clock;
  static RtcpState state(
      RtcpStateOptions{.local_ssrc = 0x11111111, .cname = "fuzz", .random_seed = 1},
      NtpClock(clock, 0));
  clock.AdvanceMs(7);
  state.OnCompound(compound);

  // Echo the first block back through the builder: it must parse.
  RtcpReportInput input;
  input.ssrc = compound.sender_ssrc;
  if (compound.has_sender_info) input.sender_info = compound.sender_info;
  if (compound.block_count > 0) input.block = compound.blocks[0];
  input.cname = compound.cname.substr(0, 255);
  uint8_t out[kRtcpMaxReportBytes];
  const size_t n = BuildRtcpReport(input, out);
  if (n == 0 || !RtcpCompound::Parse(std::span<const uint8_t>(out, n))) __builtin_trap();
  return 0;
}
