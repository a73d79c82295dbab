#include "media/srtp/srtp_library.h"

#include <srtp2/srtp.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <string>

namespace chorus::media {
namespace {

std::once_flag g_once;
std::atomic<bool> g_initialized{false};
std::atomic<bool> g_gcm{false};
srtp_err_status_t g_init_status = srtp_err_status_ok;

bool ProbeGcm() {
  srtp_policy_t policy;
  memset(&policy, 0, sizeof(policy));
  srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
  srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
  unsigned char key[SRTP_AES_GCM_128_KEY_LEN_WSALT] = {};
  policy.key = key;
  policy.ssrc.type = ssrc_any_outbound;
  srtp_t session = nullptr;
  if (srtp_create(&session, &policy) != srtp_err_status_ok) return false;
  srtp_dealloc(session);
  return true;
}

}  // namespace

Result<void> SrtpLibrary::Init() {
  std::call_once(g_once, [] {
    g_init_status = srtp_init();
    if (g_init_status != srtp_err_status_ok) return;
    g_gcm.store(ProbeGcm());
    g_initialized.store(true);
  });
  if (!g_initialized.load()) {
    return MakeError(ErrorCode::kInternal,
                     "srtp_init failed with libsrtp2 status " + std::to_string(g_init_status));
  }
  return Ok();
}

bool SrtpLibrary::Initialized() { return g_initialized.load(); }

bool SrtpLibrary::GcmSupported() { return g_gcm.load(); }

}  // namespace chorus::media
