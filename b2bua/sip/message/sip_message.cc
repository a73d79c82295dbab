#include "b2bua/sip/message/sip_message.h"

#include <cstring>

#include "b2bua/sip/message/sip_chars.h"
#include "b2bua/sip/message/sip_parser.h"

namespace chorus::b2bua {

const SipHeader* SipMessage::Find(HeaderId id) const {
  for (const SipHeader& h : headers_) {
    if (h.id == id) return &h;
  }
  return nullptr;
}

const SipHeader* SipMessage::FindByName(std::string_view name) const {
  HeaderId id = LookupHeaderId(name);
  if (id != HeaderId::kOther) return Find(id);
  for (const SipHeader& h : headers_) {
    if (h.id == HeaderId::kOther && sipchars::EqualsNoCase(h.name, name)) return &h;
  }
  return nullptr;
}

size_t SipMessage::Count(HeaderId id) const {
  size_t n = 0;
  for (const SipHeader& h : headers_) n += h.id == id ? 1 : 0;
  return n;
}

std::string_view SipMessage::Store(std::string_view text) {
  auto chunk = std::make_unique<char[]>(text.size() + 1);
  if (!text.empty()) memcpy(chunk.get(), text.data(), text.size());
  chunk[text.size()] = '\0';
  std::string_view view(chunk.get(), text.size());
  arena_.push_back(std::move(chunk));
  return view;
}

void SipMessage::Recache(HeaderId id) {
  switch (id) {
    case HeaderId::kVia: {
      top_via_ = ViaHop{};
      via_count_ = 0;
      bool first = true;
      for (const SipHeader& h : headers_) {
        if (h.id != HeaderId::kVia) continue;
        ForEachListElement(h.value, [&](std::string_view hop) {
          ++via_count_;
          if (first) {
            auto v = ParseViaHop(hop);
            if (v) top_via_ = *v;
            first = false;
          }
          return true;
        });
      }
      break;
    }
    case HeaderId::kFrom:
    case HeaderId::kTo: {
      auto na = ParseNameAddr(Value(id));
      (id == HeaderId::kFrom ? from_ : to_) = na ? *na : NameAddr{};
      break;
    }
    case HeaderId::kCallId:
      call_id_ = sipchars::TrimWs(Value(id));
      break;
    case HeaderId::kCSeq: {
      auto c = ParseCSeq(Value(id));
      cseq_ = c ? *c : CSeqValue{};
      cseq_method_ = ParseMethod(cseq_.method);
      break;
    }
    case HeaderId::kMaxForwards: {
      const SipHeader* h = Find(id);
      auto v = h != nullptr ? ParseDecimal(h->value, 255) : Result<uint64_t>(Error{});
      max_forwards_ = v ? static_cast<int>(*v) : -1;
      break;
    }
    case HeaderId::kContentLength: {
      const SipHeader* h = Find(id);
      auto v = h != nullptr ? ParseDecimal(h->value, 1u << 30) : Result<uint64_t>(Error{});
      content_length_ = v ? static_cast<int64_t>(*v) : -1;
      break;
    }
    default:
      break;
  }
}

void SipMessage::AddHeader(HeaderId id, std::string_view value) {
  headers_.push_back(SipHeader{id, HeaderName(id), Store(value), {}});
  Recache(id);
}

void SipMessage::AddHeader(std::string_view name, std::string_view value) {
  HeaderId id = LookupHeaderId(name);
  headers_.push_back(
      SipHeader{id, id == HeaderId::kOther ? Store(name) : HeaderName(id), Store(value), {}});
  Recache(id);
}

void SipMessage::PrependHeader(HeaderId id, std::string_view value) {
  headers_.insert(headers_.begin(), SipHeader{id, HeaderName(id), Store(value), {}});
  Recache(id);
}

void SipMessage::SetHeaderValue(size_t index, std::string_view value) {
  SipHeader& h = headers_[index];
  h.value = Store(value);
  h.raw = {};
  if (h.id != HeaderId::kOther) h.name = HeaderName(h.id);
  Recache(h.id);
}

void SipMessage::SetHeader(HeaderId id, std::string_view value) {
  for (size_t i = 0; i < headers_.size(); ++i) {
    if (headers_[i].id == id) {
      SetHeaderValue(i, value);
      return;
    }
  }
  AddHeader(id, value);
}

size_t SipMessage::RemoveHeaders(HeaderId id) {
  size_t before = headers_.size();
  std::erase_if(headers_, [id](const SipHeader& h) { return h.id == id; });
  Recache(id);
  return before - headers_.size();
}

void SipMessage::RemoveTopVia() {
  for (size_t i = 0; i < headers_.size(); ++i) {
    if (headers_[i].id != HeaderId::kVia) continue;
    std::string_view value = headers_[i].value;
    size_t end = internal::ListElementEnd(value, 0);
    if (end == std::string_view::npos || end >= value.size()) {
      headers_.erase(headers_.begin() + static_cast<ptrdiff_t>(i));
    } else {
      SetHeaderValue(i, sipchars::TrimWs(value.substr(end + 1)));
    }
    Recache(HeaderId::kVia);
    return;
  }
}

void SipMessage::SetBody(std::string_view content_type, std::string_view body) {
  body_ = Store(body);
  if (body.empty()) {
    RemoveHeaders(HeaderId::kContentType);
  } else {
    SetHeader(HeaderId::kContentType, content_type);
  }
  SetHeader(HeaderId::kContentLength, std::to_string(body.size()));
}

void SipMessage::SetRequestUri(std::string_view uri) {
  request_uri_ = Store(uri);
  start_line_edited_ = true;
}

void SipMessage::SetStatus(int code, std::string_view reason) {
  status_code_ = code;
  reason_ = Store(reason);
  start_line_edited_ = true;
}

void SipMessage::SerializeTo(std::string& out) const {
  out.reserve(out.size() + size_ + 256);
  if (!start_line_edited_ && !start_line_.empty()) {
    out.append(start_line_);
  } else if (is_request_) {
    out.append(method_name_).append(" ").append(request_uri_).append(" ").append(version_);
  } else {
    out.append(version_).append(" ").append(std::to_string(status_code_)).append(" ").append(
        reason_);
  }
  out.append("\r\n");
  for (const SipHeader& h : headers_) {
    if (!h.raw.empty()) {
      out.append(h.raw);
    } else {
      out.append(h.name).append(": ").append(h.value);
    }
    out.append("\r\n");
  }
  out.append("\r\n");
  out.append(body_);
}

std::string SipMessage::Serialize() const {
  std::string out;
  SerializeTo(out);
  return out;
}

Result<std::unique_ptr<SipMessage>> SipMessage::Clone() const {
  std::string wire = Serialize();
  SipParseResult r = SipParser::Parse(wire, Framing::kDatagram, SipParseLimits{wire.size() + 1, 1024});
  if (!r.ok()) return MakeError(ErrorCode::kInternal, "clone re-parse failed: " + r.reason);
  return std::move(r.message);
}

}  // namespace chorus::b2bua
