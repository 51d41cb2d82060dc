#pragma once
// --ulimit as Docker parses it (go-units' ParseUlimit): NAME=SOFT[:HARD], the hard limit
// defaulting to the soft one, -1 meaning unlimited.
#include <cstdint>
#include <map>
#include <string>

#include "base/json.hpp"

namespace berth::runtime {

struct Ulimit {
  int64_t soft = 0;
  int64_t hard = 0;
  bool operator==(const Ulimit&) const = default;
};

// Keyed by Docker's name ("nofile"); a later --ulimit of the same name replaces an earlier one.
using Ulimits = std::map<std::string, Ulimit>;

// True for core cpu data fsize locks memlock msgqueue nice nofile nproc rss rtprio rttime
// sigpending stack.
bool is_ulimit_name(const std::string& name);

// "nofile=1024:2048" -> {"nofile", {1024, 2048}}. Throws InvalidArgumentError (125) with
// go-units' wording: "invalid ulimit argument: X", "invalid ulimit type: X", strconv's
// syntax error, "too many limit value arguments - X, can only have up to two, `soft[:hard]`",
// "ulimit soft limit must be less than or equal to hard limit: S > H".
std::pair<std::string, Ulimit> parse_ulimit(const std::string& text);

// Refuses (as above) an unknown name or a soft limit above the hard one.
void check_ulimit(const std::string& name, const Ulimit& limit);

// The OCI process.rlimits entry: RLIMIT_<NAME>, -1 as RLIM_INFINITY.
Json rlimit_json(const std::string& name, const Ulimit& limit);

}  // namespace berth::runtime
