// Fuzzes the URI parser, parameter lookup, unescaping and the RFC 3261
// 19.1.4 comparison (the input split in two halves).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "b2bua/sip/message/sip_uri.h"

using namespace chorus::b2bua;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (bool headers : {true, false}) {
    auto uri = ParseUri(input, headers);
    if (!uri) continue;
    (void)uri->Param("transport");
    (void)uri->Param("lr");
    (void)UnescapeUri(uri->user);
    (void)UriEquivalent(*uri, *uri);
  }
  size_t half = size / 2;
  auto a = ParseUri(input.substr(0, half));
  auto b = ParseUri(input.substr(half));
  if (a && b) (void)UriEquivalent(*a, *b);
  return 0;
}
