#pragma once

// SdpNegotiator: RFC 3264 offer/answer for one call leg's audio stream.
// One per leg, owned by the leg's call object, used only on the signalling
// thread. Pure: text in, NegotiatedMedia and SDP text out; no sockets, no SIP.
//
// As answerer (Answer): takes the first m=audio whose transport, address,
// codecs and SRTP terms we can meet; picks the codec by OUR preference among
// those offered and answers with that codec plus telephone-event at its
// clock rate, on the offerer's payload type numbers; answers direction per
// RFC 3264 6.1 (c=0.0.0.0 counts as the peer not receiving, RFC 3264 8.4);
// rejects every other m= line with port 0, keeping its formats (RFC 3264 6).
//
// As offerer (CreateOffer, then ProcessAnswer or AbandonOffer): offers our
// codecs in preference order with telephone-event, ptime, rtcp-mux, the
// audio-level header extension and, unless SRTP is off, one a=crypto per
// suite. With SrtpMode::kOptional the offer is RTP/AVP carrying a=crypto
// ("best effort" SRTP): plain peers ignore the attribute and answer RTP/AVP,
// SDES peers answer with a key; with kRequired it is RTP/SAVP. The answer is
// checked against the offer (RFC 3264 6, 7).
//
// SRTP when answering: RTP/SAVP(F) needs SRTP on (else 488) and an
// acceptable a=crypto; RTP/AVP(F) carrying a=crypto gets SRTP when SRTP is
// not off and a line is acceptable. kRequired accepts such a best-effort
// RTP/AVP offer when its crypto is acceptable (the media ends up protected
// all the same) and rejects RTP/AVP without usable crypto.
//
// Versioning (RFC 3264 8): the o= session id is fixed for the leg; the
// version goes up only when our SDP changes. Our SRTP keys and payload type
// numbers are kept for the leg so an unchanged re-offer or re-answer is the
// same SDP. A peer SDP with the same o= session and version as the last one,
// byte for byte, yields remote_changed = false.
//
// Failures are Result errors whose message is the human-readable reason;
// SipRejectionFor() maps them to the SIP status and Warning code to send.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "b2bua/sdp/answer_checker.h"
#include "b2bua/sdp/audio_codec.h"
#include "b2bua/sdp/negotiated_media.h"
#include "b2bua/sdp/sdp_crypto.h"
#include "b2bua/sdp/sdp_negotiator_options.h"
#include "b2bua/sdp/sdp_session.h"
#include "media/base/result.h"
#include "media/base/socket_address.h"

namespace chorus::b2bua {

// How to reject a request whose SDP failed.
struct SipRejection {
  int status_code = 488;
  int warning_code = 0;  // RFC 3261 20.43 code for a Warning header; 0: none
};
// kParse -> 400 (399); kUnsupported -> 488 (305 incompatible media format);
// kNotFound -> 488 (304 media type not available); kUnavailable -> 491
// (an offer of ours is pending); kInvalidArgument -> 488 (399);
// anything else -> 500.
SipRejection SipRejectionFor(const Error& error);

class SdpNegotiator {
 public:
  // Fails with kInvalidArgument naming the bad option.
  static Result<SdpNegotiator> Create(SdpNegotiatorOptions options);
  static Result<SdpNegotiator> CreateForTest(SdpNegotiatorOptions options, uint64_t session_id);

  // Answers a peer's offer. On failure nothing changes (the previous
  // session, if any, stays in force, RFC 3264 8).
  Result<NegotiatedMedia> Answer(std::string_view offer, const LocalMedia& local);

  // Makes an offer (initial INVITE, re-INVITE, hold/resume) and remembers it
  // until ProcessAnswer or AbandonOffer.
  Result<std::string> CreateOffer(const LocalMedia& local);
  // Takes the peer's answer to our pending offer. The offer is settled
  // either way; an invalid answer leaves the previous session in force.
  Result<NegotiatedMedia> ProcessAnswer(std::string_view answer);
  // Our offer was refused (non-2xx to a re-INVITE): forget it.
  void AbandonOffer() { pending_.reset(); }

  bool offer_pending() const { return pending_.has_value(); }
  // The session in force: the last successful exchange.
  const std::optional<NegotiatedMedia>& current() const { return current_; }
  uint64_t session_id() const { return session_id_; }
  uint64_t session_version() const { return version_; }
  const SdpNegotiatorOptions& options() const { return options_; }

 private:
  struct PendingOffer {
    std::string text;
    OfferedAudio audio;
  };

  SdpNegotiator(SdpNegotiatorOptions options, uint64_t session_id);
  static Result<void> Validate(const SdpNegotiatorOptions& options);

  Result<void> CheckLocal(const LocalMedia& local) const;
  Result<const SrtpKey*> LocalKey(SrtpSuite suite);
  SdpSession SessionSkeleton(const SocketAddress& local) const;
  // Gives `s` our o= line, bumping the version if it differs from our last
  // SDP, and returns its text.
  std::string Finalize(SdpSession& s);
  bool SameAsLastRemote(const SdpSession& remote, std::string_view text) const;
  void RememberRemote(const SdpSession& remote, std::string_view text);
  int PayloadTypeFor(std::string_view binding, int default_pt, std::vector<int>& used) const;
  void BindPayloadType(int pt, std::string binding);
  SdpMedia BuildAnswerMedia(const SdpMedia& offered, const NegotiatedMedia& chosen,
                            const LocalMedia& local, const std::optional<SdpExtmap>& offered_level);

  SdpNegotiatorOptions options_;
  uint64_t session_id_;
  uint64_t version_ = 1;
  std::optional<SdpSession> last_local_;  // version field blanked
  std::optional<SdpOrigin> last_remote_origin_;
  std::string last_remote_text_;
  std::map<int, std::string> bound_pts_;              // our SDP's pt -> "name/rate", for the leg
  std::array<std::optional<SrtpKey>, 3> local_keys_;  // per SrtpSuite
  std::optional<PendingOffer> pending_;
  std::optional<NegotiatedMedia> current_;
};

}  // namespace chorus::b2bua
