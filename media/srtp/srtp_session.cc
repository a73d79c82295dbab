#include "media/srtp/srtp_session.h"

#include <climits>
#include <cstring>
#include <string>

#include "media/srtp/sdes_key.h"
#include "media/srtp/srtp_library.h"

namespace chorus::media {
namespace {

constexpr size_t kRtpHeaderBytes = 12;
constexpr size_t kRtcpHeaderBytes = 8;
constexpr size_t kSrtcpIndexBytes = 4;

SrtpStatus Classify(srtp_err_status_t status) {
  switch (status) {
    case srtp_err_status_ok:
      return SrtpStatus::kOk;
    case srtp_err_status_auth_fail:
      return SrtpStatus::kAuthFailure;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old:
    case srtp_err_status_pkt_idx_old:
      return SrtpStatus::kReplay;
    case srtp_err_status_bad_param:
    case srtp_err_status_bad_mki:
    case srtp_err_status_parse_err:
      return SrtpStatus::kBadParameter;
    default:
      return SrtpStatus::kOther;
  }
}

// The parts of the RTP header libsrtp2 reads in the clear: version, CSRC
// list and extension must lie inside the first `size` bytes.
bool RtpHeaderFits(const uint8_t* p, size_t size) {
  if (size < kRtpHeaderBytes || (p[0] >> 6) != 2) return false;
  size_t header = kRtpHeaderBytes + 4 * static_cast<size_t>(p[0] & 0x0F);
  if ((p[0] & 0x10) != 0) {
    if (header + 4 > size) return false;
    header += 4 + 4 * ((static_cast<size_t>(p[header + 2]) << 8) | p[header + 3]);
  }
  return header <= size;
}

void SetPolicy(SrtpSuite suite, srtp_policy_t& policy) {
  switch (suite) {
    case SrtpSuite::kAesCm128HmacSha1_80:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
      break;
    case SrtpSuite::kAesCm128HmacSha1_32:
      // RFC 4568 6.2.2: only SRTP uses the 32-bit tag; SRTCP keeps 80 bits.
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
      break;
    case SrtpSuite::kAeadAes128Gcm:
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
      break;
  }
}

}  // namespace

std::string_view SrtpStatusName(SrtpStatus status) {
  switch (status) {
    case SrtpStatus::kOk:
      return "ok";
    case SrtpStatus::kAuthFailure:
      return "auth_failure";
    case SrtpStatus::kReplay:
      return "replay";
    case SrtpStatus::kBadParameter:
      return "bad_parameter";
    case SrtpStatus::kOther:
      return "other";
  }
  return "unknown";
}

Result<SrtpSession> SrtpSession::Create(const SrtpSessionOptions& options) {
  const SrtpSuiteInfo& info = GetSrtpSuiteInfo(options.suite);
  if (!SrtpLibrary::Initialized()) {
    return MakeError(ErrorCode::kInternal, "srtp: SrtpLibrary::Init() was not called");
  }
  if (options.suite == SrtpSuite::kAeadAes128Gcm && !SrtpLibrary::GcmSupported()) {
    return MakeError(ErrorCode::kUnsupported,
                     "srtp: " + std::string(info.name) + " is not supported by this libsrtp2");
  }
  if (options.master_key_salt.size() != info.master_bytes()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "srtp: " + std::string(info.name) + " needs " +
                         std::to_string(info.master_bytes()) + " bytes of key and salt, got " +
                         std::to_string(options.master_key_salt.size()));
  }
  if (options.mki.size() > SRTP_MAX_MKI_LEN) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "srtp: MKI of " + std::to_string(options.mki.size()) + " bytes exceeds " +
                         std::to_string(SRTP_MAX_MKI_LEN));
  }

  srtp_policy_t policy;
  memset(&policy, 0, sizeof(policy));
  SetPolicy(options.suite, policy);
  policy.ssrc.type =
      options.direction == SrtpDirection::kInbound ? ssrc_any_inbound : ssrc_any_outbound;
  policy.window_size = 0;  // libsrtp2 default (128 packets)
  policy.allow_repeat_tx = 0;

  // libsrtp2 takes non-const pointers; it copies and derives from them.
  unsigned char key[SRTP_MAX_KEY_LEN] = {};
  memcpy(key, options.master_key_salt.data(), options.master_key_salt.size());
  unsigned char mki[SRTP_MAX_MKI_LEN] = {};
  srtp_master_key_t master{};
  srtp_master_key_t* masters[1] = {&master};
  if (!options.mki.empty()) {
    memcpy(mki, options.mki.data(), options.mki.size());
    master.key = key;
    master.mki_id = mki;
    master.mki_size = static_cast<unsigned>(options.mki.size());
    policy.keys = masters;
    policy.num_master_keys = 1;
  } else {
    policy.key = key;
  }

  srtp_t raw = nullptr;
  const srtp_err_status_t status = srtp_create(&raw, &policy);
  explicit_bzero(key, sizeof(key));
  if (status != srtp_err_status_ok) {
    return MakeError(ErrorCode::kInternal, "srtp: srtp_create for " + std::string(info.name) +
                                               " failed with status " + std::to_string(status));
  }
  return SrtpSession(Handle(raw), options.suite, options.direction, options.mki.size());
}

Result<SrtpSession> SrtpSession::Create(SrtpDirection direction, const SdesKeyParams& params) {
  // The MKI value is an integer sent in mki_length bytes, big-endian.
  uint8_t mki[SRTP_MAX_MKI_LEN] = {};
  const size_t mki_bytes = params.mki_length;
  if (mki_bytes > sizeof(mki)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "srtp: MKI length " + std::to_string(mki_bytes) + " above 128 bytes");
  }
  uint64_t value = params.mki_value;
  for (size_t i = 0; i < mki_bytes && i < sizeof(value); ++i) {
    mki[mki_bytes - 1 - i] = static_cast<uint8_t>(value);
    value >>= 8;
  }
  SrtpSessionOptions options;
  options.suite = params.suite;
  options.direction = direction;
  options.master_key_salt = params.key.span();
  options.mki = std::span<const uint8_t>(mki, mki_bytes);
  return Create(options);
}

SrtpStatus SrtpSession::ProtectRtp(std::span<uint8_t> buffer, size_t& size) {
  if (direction_ != SrtpDirection::kOutbound || size > buffer.size() ||
      buffer.size() - size < kSrtpMaxOverheadBytes || size > INT_MAX - kSrtpMaxOverheadBytes ||
      !RtpHeaderFits(buffer.data(), size)) {
    return SrtpStatus::kBadParameter;
  }
  int len = static_cast<int>(size);
  const srtp_err_status_t status = mki_bytes_ > 0
                                       ? srtp_protect_mki(ctx_.get(), buffer.data(), &len, 1, 0)
                                       : srtp_protect(ctx_.get(), buffer.data(), &len);
  if (status != srtp_err_status_ok) return Classify(status);
  size = static_cast<size_t>(len);
  return SrtpStatus::kOk;
}

SrtpStatus SrtpSession::ProtectRtcp(std::span<uint8_t> buffer, size_t& size) {
  if (direction_ != SrtpDirection::kOutbound || size > buffer.size() ||
      buffer.size() - size < kSrtpMaxOverheadBytes || size > INT_MAX - kSrtpMaxOverheadBytes ||
      size < kRtcpHeaderBytes) {
    return SrtpStatus::kBadParameter;
  }
  int len = static_cast<int>(size);
  const srtp_err_status_t status =
      mki_bytes_ > 0 ? srtp_protect_rtcp_mki(ctx_.get(), buffer.data(), &len, 1, 0)
                     : srtp_protect_rtcp(ctx_.get(), buffer.data(), &len);
  if (status != srtp_err_status_ok) return Classify(status);
  size = static_cast<size_t>(len);
  return SrtpStatus::kOk;
}

SrtpStatus SrtpSession::UnprotectRtp(std::span<uint8_t> buffer, size_t& size) {
  const SrtpSuiteInfo& info = GetSrtpSuiteInfo(suite_);
  if (direction_ != SrtpDirection::kInbound || size > buffer.size() || size > INT_MAX ||
      size < kRtpHeaderBytes + info.rtp_tag_bytes + mki_bytes_ ||
      !RtpHeaderFits(buffer.data(), size - info.rtp_tag_bytes - mki_bytes_)) {
    return SrtpStatus::kBadParameter;
  }
  int len = static_cast<int>(size);
  const srtp_err_status_t status = mki_bytes_ > 0
                                       ? srtp_unprotect_mki(ctx_.get(), buffer.data(), &len, 1)
                                       : srtp_unprotect(ctx_.get(), buffer.data(), &len);
  if (status != srtp_err_status_ok) return Classify(status);
  size = static_cast<size_t>(len);
  return SrtpStatus::kOk;
}

SrtpStatus SrtpSession::UnprotectRtcp(std::span<uint8_t> buffer, size_t& size) {
  const SrtpSuiteInfo& info = GetSrtpSuiteInfo(suite_);
  if (direction_ != SrtpDirection::kInbound || size > buffer.size() || size > INT_MAX ||
      size < kRtcpHeaderBytes + kSrtcpIndexBytes + info.rtcp_tag_bytes + mki_bytes_) {
    return SrtpStatus::kBadParameter;
  }
  int len = static_cast<int>(size);
  const srtp_err_status_t status = mki_bytes_ > 0
                                       ? srtp_unprotect_rtcp_mki(ctx_.get(), buffer.data(), &len, 1)
                                       : srtp_unprotect_rtcp(ctx_.get(), buffer.data(), &len);
  if (status != srtp_err_status_ok) return Classify(status);
  size = static_cast<size_t>(len);
  return SrtpStatus::kOk;
}

}  // namespace chorus::media
