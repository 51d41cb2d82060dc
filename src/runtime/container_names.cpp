#include "runtime/container_names.hpp"

#include <array>
#include <random>

#include "base/error.hpp"

namespace berth::runtime {

std::string generate_container_name() {
  static const std::array<const char*, 24> kAdjectives = {
      "agile", "bold",   "brave", "calm",   "clever", "eager",  "fancy",  "gentle",
      "happy", "jolly",  "keen",  "lucid",  "merry",  "nimble", "proud",  "quiet",
      "rapid", "serene", "sharp", "steady", "sunny",  "swift",  "tender", "witty"};
  static const std::array<const char*, 24> kNames = {
      "babbage", "bohr",   "curie",   "darwin",  "dijkstra", "einstein", "euler",    "fermi",
      "galois",  "hopper", "hypatia", "kepler",  "knuth",    "lamarr",   "lovelace", "meitner",
      "noether", "pascal", "ritchie", "shannon", "tesla",    "thompson", "turing",   "wozniak"};
  std::random_device rd;
  std::uniform_int_distribution<size_t> a(0, kAdjectives.size() - 1), n(0, kNames.size() - 1);
  return std::string(kAdjectives[a(rd)]) + "_" + kNames[n(rd)];
}

void validate_container_name(std::string_view name) {
  auto ok_first = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  auto ok_rest = [&](char c) { return ok_first(c) || c == '_' || c == '.' || c == '-'; };
  bool valid = name.size() >= 2 && ok_first(name[0]);
  for (size_t i = 1; valid && i < name.size(); ++i) valid = ok_rest(name[i]);
  if (!valid) {
    throw InvalidArgumentError("Invalid container name (" + std::string(name) +
                               "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  }
}

}  // namespace berth::runtime
