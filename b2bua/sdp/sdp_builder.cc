#include "b2bua/sdp/sdp_builder.h"

namespace chorus::b2bua {
namespace {

void Line(std::string& out, char type, std::string_view value) {
  out.push_back(type);
  out.push_back('=');
  out.append(value);
  out.append("\r\n");
}

void Connection(std::string& out, const SdpConnection& c) {
  out.append("c=");
  out.append(c.net_type);
  out.push_back(' ');
  out.append(c.addr_type);
  out.push_back(' ');
  out.append(c.address);
  out.append(c.multicast_suffix);
  out.append("\r\n");
}

void Bandwidths(std::string& out, const std::vector<SdpBandwidth>& bandwidths) {
  for (const SdpBandwidth& b : bandwidths) {
    out.append("b=");
    out.append(b.type);
    out.push_back(':');
    out.append(std::to_string(b.value));
    out.append("\r\n");
  }
}

void Attributes(std::string& out, const std::vector<SdpAttribute>& attributes) {
  for (const SdpAttribute& a : attributes) {
    out.append("a=");
    out.append(a.name);
    if (a.has_value) {
      out.push_back(':');
      out.append(a.value);
    }
    out.append("\r\n");
  }
}

void Media(std::string& out, const SdpMedia& m) {
  out.append("m=");
  out.append(m.media);
  out.push_back(' ');
  out.append(std::to_string(m.port));
  if (m.port_count != 1) {
    out.push_back('/');
    out.append(std::to_string(m.port_count));
  }
  out.push_back(' ');
  out.append(m.proto);
  for (const std::string& f : m.formats) {
    out.push_back(' ');
    out.append(f);
  }
  out.append("\r\n");
  if (m.title) Line(out, 'i', *m.title);
  if (m.connection) Connection(out, *m.connection);
  Bandwidths(out, m.bandwidths);
  if (m.key) Line(out, 'k', *m.key);
  Attributes(out, m.attributes);
}

}  // namespace

void AppendSdp(const SdpSession& s, std::string& out) {
  out.append("v=");
  out.append(std::to_string(s.version));
  out.append("\r\n");
  const SdpOrigin& o = s.origin;
  out.append("o=");
  for (const std::string* f :
       {&o.username, &o.session_id, &o.session_version, &o.net_type, &o.addr_type}) {
    out.append(*f);
    out.push_back(' ');
  }
  out.append(o.address);
  out.append("\r\n");
  Line(out, 's', s.name.empty() ? std::string_view("-") : std::string_view(s.name));
  if (s.info) Line(out, 'i', *s.info);
  if (s.uri) Line(out, 'u', *s.uri);
  for (const std::string& e : s.emails) Line(out, 'e', e);
  for (const std::string& p : s.phones) Line(out, 'p', p);
  if (s.connection) Connection(out, *s.connection);
  Bandwidths(out, s.bandwidths);
  if (s.timings.empty()) Line(out, 't', "0 0");
  for (const SdpTiming& t : s.timings) {
    out.append("t=");
    out.append(t.start);
    out.push_back(' ');
    out.append(t.stop);
    out.append("\r\n");
    for (const std::string& r : t.repeats) Line(out, 'r', r);
  }
  if (s.zones) Line(out, 'z', *s.zones);
  if (s.key) Line(out, 'k', *s.key);
  Attributes(out, s.attributes);
  for (const SdpMedia& m : s.media) Media(out, m);
}

std::string BuildSdp(const SdpSession& session) {
  std::string out;
  out.reserve(512);
  AppendSdp(session, out);
  return out;
}

}  // namespace chorus::b2bua
