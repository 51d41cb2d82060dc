#include "runtime/spec/ulimit.hpp"

#include <cctype>
#include <charconv>
#include <set>

#include "base/error.hpp"
#include "base/go_parse_int.hpp"

namespace berth::runtime {
namespace {

int64_t ulimit_number(const std::string& text) {
  auto parsed = go_parse_int(text);
  if (parsed.failure) throw InvalidArgumentError(parsed.message(), 125);
  return parsed.value;
}

}  // namespace

bool is_ulimit_name(const std::string& name) {
  static const std::set<std::string> kNames = {
      "core",   "cpu",   "data", "fsize",  "locks",  "memlock",    "msgqueue", "nice",
      "nofile", "nproc", "rss",  "rtprio", "rttime", "sigpending", "stack"};
  return kNames.count(name) > 0;
}

void check_ulimit(const std::string& name, const Ulimit& limit) {
  if (!is_ulimit_name(name)) throw InvalidArgumentError("invalid ulimit type: " + name, 125);
  if (limit.hard != -1 && limit.soft > limit.hard) {
    throw InvalidArgumentError("ulimit soft limit must be less than or equal to hard limit: " +
                                   std::to_string(limit.soft) + " > " + std::to_string(limit.hard),
                               125);
  }
}

std::pair<std::string, Ulimit> parse_ulimit(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos) throw InvalidArgumentError("invalid ulimit argument: " + text, 125);
  std::string name = text.substr(0, eq), values = text.substr(eq + 1);
  if (!is_ulimit_name(name)) throw InvalidArgumentError("invalid ulimit type: " + name, 125);
  Ulimit limit;
  auto colon = values.find(':');
  if (colon == std::string::npos) {
    limit.soft = limit.hard = ulimit_number(values);
  } else {
    if (values.find(':', colon + 1) != std::string::npos) {
      throw InvalidArgumentError(
          "too many limit value arguments - " + values + ", can only have up to two, `soft[:hard]`",
          125);
    }
    limit.hard = ulimit_number(values.substr(colon + 1));
    limit.soft = ulimit_number(values.substr(0, colon));
  }
  check_ulimit(name, limit);
  return {name, limit};
}

Json rlimit_json(const std::string& name, const Ulimit& limit) {
  std::string type = "RLIMIT_";
  for (char ch : name) type += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  // Docker converts with uint64(): -1 becomes RLIM_INFINITY.
  return {{"type", type},
          {"hard", static_cast<uint64_t>(limit.hard)},
          {"soft", static_cast<uint64_t>(limit.soft)}};
}

}  // namespace berth::runtime
