#include "b2bua/sdp/sdp_crypto.h"

#include <openssl/rand.h>

#include <array>

#include "media/base/base64.h"
#include "b2bua/sdp/sdp_text.h"

namespace chorus::b2bua {
namespace {

Error Bad(std::string_view value, std::string_view why) {
  return MakeError(ErrorCode::kParse, "bad a=crypto:" + Quote(value) + ": " + std::string(why));
}

// RFC 4568 9.2: key-info = key-salt ["|" lifetime] ["|" mki], with
// lifetime = ["2^"] 1*DIGIT and mki = mki-value ":" mki-length.
Result<SdpCryptoKey> ParseKeyParam(std::string_view param, std::string_view whole) {
  size_t colon = param.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Bad(whole, "key parameter is not '<method>:<info>'");
  }
  SdpCryptoKey key;
  key.method = std::string(param.substr(0, colon));
  std::string_view info = param.substr(colon + 1);
  size_t bar = info.find('|');
  key.key_salt = std::string(info.substr(0, bar));
  if (key.key_salt.empty()) return Bad(whole, "empty key");
  int parts = 0;
  while (bar != std::string_view::npos) {
    info.remove_prefix(bar + 1);
    bar = info.find('|');
    std::string_view part = info.substr(0, bar);
    if (++parts > 2) return Bad(whole, "too many '|' fields in the key parameter");
    size_t mki_colon = part.find(':');
    uint64_t v = 0;
    if (mki_colon != std::string_view::npos) {
      uint64_t len = 0;
      if (key.mki || !ParseUint(part.substr(0, mki_colon), &v) || v > UINT32_MAX ||
          !ParseUint(part.substr(mki_colon + 1), &len) || len < 1 || len > 128) {
        return Bad(whole, "MKI is not '<value>:<length 1-128>'");
      }
      key.mki = static_cast<uint32_t>(v);
      key.mki_length_bytes = static_cast<uint32_t>(len);
      continue;
    }
    std::string_view digits = part.starts_with("2^") ? part.substr(2) : part;
    if (key.mki || !key.lifetime.empty() || !ParseUint(digits, &v)) {
      return Bad(whole, "lifetime is not '[2^]<number>' before the MKI");
    }
    key.lifetime = std::string(part);
  }
  return key;
}

}  // namespace

const char* SrtpSuiteName(SrtpSuite suite) {
  // The names in the media table are string literals: NUL-terminated.
  return media::GetSrtpSuiteInfo(suite).name.data();
}

std::optional<SrtpSuite> ParseSrtpSuite(std::string_view name) {
  for (SrtpSuite s : {SrtpSuite::kAesCm128HmacSha1_80, SrtpSuite::kAesCm128HmacSha1_32,
                      SrtpSuite::kAeadAes128Gcm}) {
    if (EqualsIgnoreCase(name, SrtpSuiteName(s))) return s;
  }
  return std::nullopt;
}

size_t SrtpKeySaltBytes(SrtpSuite suite) { return media::GetSrtpSuiteInfo(suite).master_bytes(); }

Result<SdpCrypto> ParseCrypto(std::string_view value) {
  std::string_view f[3];
  std::string_view rest;
  if (SplitFields(value, f, 3, &rest) != 3) {
    return Bad(value, "expected '<tag> <suite> <key-params> [<session-params>]'");
  }
  SdpCrypto c;
  uint64_t tag = 0;
  if (f[0].size() > 9 || !ParseUint(f[0], &tag)) return Bad(value, "tag is not 1-9 digits");
  c.tag = static_cast<uint32_t>(tag);
  c.suite = std::string(f[1]);
  std::string_view params = f[2];
  // A handful of keys is plenty; more only costs us.
  constexpr size_t kMaxKeys = 8;
  while (!params.empty()) {
    size_t semi = params.find(';');
    auto key = ParseKeyParam(params.substr(0, semi), value);
    if (!key) return key.error();
    if (c.keys.size() == kMaxKeys) return Bad(value, "too many keys");
    c.keys.push_back(std::move(*key));
    params.remove_prefix(semi == std::string_view::npos ? params.size() : semi + 1);
  }
  constexpr size_t kMaxSessionParams = 8;
  while (!rest.empty()) {
    std::string_view p[1];
    SplitFields(rest, p, 1, &rest);
    if (p[0].empty()) break;
    if (c.session_params.size() == kMaxSessionParams) return Bad(value, "too many parameters");
    c.session_params.emplace_back(p[0]);
  }
  return c;
}

std::string FormatCrypto(const SdpCrypto& c) {
  std::string out = std::to_string(c.tag) + " " + c.suite + " ";
  for (size_t i = 0; i < c.keys.size(); ++i) {
    const SdpCryptoKey& k = c.keys[i];
    if (i != 0) out.push_back(';');
    out += k.method + ":" + k.key_salt;
    if (!k.lifetime.empty()) out += "|" + k.lifetime;
    if (k.mki) out += "|" + std::to_string(*k.mki) + ":" + std::to_string(k.mki_length_bytes);
  }
  for (const std::string& p : c.session_params) out += " " + p;
  return out;
}

std::vector<SdpCrypto> FindCryptos(const SdpMedia& media) {
  std::vector<SdpCrypto> out;
  for (const SdpAttribute& a : media.attributes) {
    if (!a.has_value || !EqualsIgnoreCase(a.name, "crypto")) continue;
    if (auto c = ParseCrypto(a.value)) out.push_back(std::move(*c));
  }
  return out;
}

Result<SrtpKey> AcceptableCryptoKey(const SdpCrypto& crypto, SrtpSuite suite) {
  auto fail = [&](const std::string& why) {
    return MakeError(ErrorCode::kUnsupported,
                     "a=crypto tag " + std::to_string(crypto.tag) + ": " + why);
  };
  if (crypto.keys.size() != 1) return fail("only a single master key is supported");
  const SdpCryptoKey& k = crypto.keys[0];
  if (!EqualsIgnoreCase(k.method, "inline")) return fail("key method is not inline");
  for (const std::string& p : crypto.session_params) {
    if (!p.starts_with("WSH=")) return fail("unsupported session parameter " + Quote(p));
  }
  std::array<uint8_t, 64> buf{};
  auto size = Base64Decode(k.key_salt, buf);
  if (!size) return fail("key is not valid base64 of at most 64 bytes");
  size_t want = SrtpKeySaltBytes(suite);
  if (*size != want) {
    return fail("key is " + std::to_string(*size) + " bytes, " + SrtpSuiteName(suite) +
                " needs " + std::to_string(want));
  }
  return SrtpKey{std::vector<uint8_t>(buf.begin(), buf.begin() + want), k.mki,
                 k.mki_length_bytes};
}

Result<SrtpKey> GenerateSrtpKey(SrtpSuite suite) {
  SrtpKey key;
  key.key_salt.resize(SrtpKeySaltBytes(suite));
  if (RAND_bytes(key.key_salt.data(), static_cast<int>(key.key_salt.size())) != 1) {
    return MakeError(ErrorCode::kInternal, "RAND_bytes failed generating an SRTP key");
  }
  return key;
}

SdpCryptoKey InlineKey(const SrtpKey& key) {
  SdpCryptoKey out;
  out.key_salt = Base64Encode(key.key_salt);
  out.mki = key.mki;
  out.mki_length_bytes = key.mki_length_bytes;
  return out;
}

}  // namespace chorus::b2bua
