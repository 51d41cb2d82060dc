// A registry's WWW-Authenticate header (registry/auth_challenge): any bytes either parse or
// throw InvalidArgumentError; and a challenge that parsed must parse the same once printed
// back with every value quoted.
#include <cstdio>
#include <cstdlib>

#include "base/error.hpp"
#include "fuzz_target.hpp"
#include "registry/auth_challenge.hpp"

namespace {

std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth::registry;
  std::vector<AuthChallenge> parsed;
  try {
    parsed = parse_www_authenticate(berth::fuzz::text_of(data, size));
  } catch (const berth::InvalidArgumentError&) {
    return 0;
  }
  std::string printed;
  for (const auto& c : parsed) {
    if (!printed.empty()) printed += ", ";
    printed += c.scheme;
    bool first = true;
    for (const auto& [name, value] : c.params) {
      printed += (first ? " " : ",") + name + "=" + quoted(value);
      first = false;
    }
  }
  std::vector<AuthChallenge> again;
  try {
    again = parse_www_authenticate(printed);
  } catch (const berth::InvalidArgumentError& e) {
    std::fprintf(stderr, "printed form %s does not parse: %s\n", printed.c_str(), e.what());
    std::abort();
  }
  if (again.size() != parsed.size()) {
    std::fprintf(stderr, "printed form %s parses to another count\n", printed.c_str());
    std::abort();
  }
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (again[i].scheme != parsed[i].scheme || again[i].params != parsed[i].params) {
      std::fprintf(stderr, "printed form %s parses differently\n", printed.c_str());
      std::abort();
    }
  }
  return 0;
}
