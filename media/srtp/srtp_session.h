#pragma once

// SrtpSession: one direction of SRTP/SRTCP protection (RFC 3711) over a
// libsrtp2 srtp_t, move-only. An outbound session protects what we send,
// an inbound one unprotects what we receive; a call leg has one of each,
// keyed from the two SDES crypto attributes (RFC 4568). Transforms work in
// place in the caller's buffer.
//
// Created on the signalling thread (after SrtpLibrary::Init), then moved
// to and used by one media worker; protect/unprotect allocate nothing and
// never log. Key material is copied into libsrtp's state at creation and
// the local copy wiped; it is never logged or put in an error message.

#include <srtp2/srtp.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "media/base/c_handle.h"
#include "media/base/result.h"
#include "media/srtp/srtp_suite.h"

namespace chorus::media {

struct SdesKeyParams;

// Room a caller buffer needs after the packet for Protect*: libsrtp2's
// documented worst case (tag + MKI) plus the SRTCP index word.
inline constexpr size_t kSrtpMaxOverheadBytes = SRTP_MAX_TRAILER_LEN + 4;

enum class SrtpDirection : uint8_t { kInbound, kOutbound };

// Outcome classes for metrics.
enum class SrtpStatus : uint8_t {
  kOk,
  kAuthFailure,   // tag mismatch: forged, corrupted or wrong key
  kReplay,        // index already seen or too old for the replay window
  kBadParameter,  // malformed packet, no room for the tag, wrong direction
  kOther,         // anything else libsrtp2 reports
};

std::string_view SrtpStatusName(SrtpStatus status);

struct SrtpSessionOptions {
  SrtpSuite suite = SrtpSuite::kAesCm128HmacSha1_80;
  SrtpDirection direction = SrtpDirection::kOutbound;
  // Master key followed by master salt, GetSrtpSuiteInfo(suite).master_bytes().
  std::span<const uint8_t> master_key_salt;
  // RFC 3711 MKI sent with (outbound) or expected on (inbound) each packet;
  // empty for none. At most 128 bytes.
  std::span<const uint8_t> mki;
};

class SrtpSession {
 public:
  static Result<SrtpSession> Create(const SrtpSessionOptions& options);
  // From decoded SDES key parameters (MKI taken from them).
  static Result<SrtpSession> Create(SrtpDirection direction, const SdesKeyParams& params);

  SrtpSession(SrtpSession&&) noexcept = default;
  SrtpSession& operator=(SrtpSession&&) noexcept = default;

  // `buffer` holds the packet in its first `size` bytes and has at least
  // kSrtpMaxOverheadBytes more; `size` becomes the protected size.
  SrtpStatus ProtectRtp(std::span<uint8_t> buffer, size_t& size);
  SrtpStatus ProtectRtcp(std::span<uint8_t> buffer, size_t& size);
  // `buffer` holds the received packet in its first `size` bytes; `size`
  // becomes the plain size. The buffer should be 32-bit aligned.
  SrtpStatus UnprotectRtp(std::span<uint8_t> buffer, size_t& size);
  SrtpStatus UnprotectRtcp(std::span<uint8_t> buffer, size_t& size);

  SrtpSuite suite() const { return suite_; }
  SrtpDirection direction() const { return direction_; }

 private:
  using Handle = CHandle<srtp_ctx_t, srtp_dealloc>;
  SrtpSession(Handle ctx, SrtpSuite suite, SrtpDirection direction, size_t mki_bytes)
      : ctx_(std::move(ctx)), suite_(suite), direction_(direction), mki_bytes_(mki_bytes) {}

  Handle ctx_;
  SrtpSuite suite_;
  SrtpDirection direction_;
  size_t mki_bytes_;
};

}  // namespace chorus::media
