#pragma once

// The RFC 4475 / RFC 5118 torture messages and what Chorus does with each,
// from tests/testdata/sip-torture/expectations.txt, for the unit tests
// that feed them to the parser and to the whole stack.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace chorus::b2bua::testing {

struct TortureCase {
  std::string file;    // relative to tests/testdata/sip-torture
  std::string parser;  // ok, 400, 505, drop
  std::string server;  // status chorusd answers, or none
};

inline std::vector<TortureCase> LoadTortureCases() {
  std::vector<TortureCase> cases;
  std::ifstream in(std::string(CHORUS_TESTDATA_DIR) + "/sip-torture/expectations.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    TortureCase c;
    ls >> c.file >> c.parser >> c.server;
    cases.push_back(c);
  }
  return cases;
}

// The message bytes. RFC 5118's files ship with LF line ends and get CRLF,
// since their Content-Length values count CRLFs.
inline std::string LoadTortureMessage(const std::string& file) {
  std::ifstream in(std::string(CHORUS_TESTDATA_DIR) + "/sip-torture/" + file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  if (file.rfind("rfc5118/", 0) != 0) return bytes;
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) out += '\r';
    out += bytes[i];
  }
  return out;
}

}  // namespace chorus::b2bua::testing
