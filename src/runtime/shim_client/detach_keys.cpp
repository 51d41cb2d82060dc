#include "runtime/shim_client/detach_keys.hpp"

#include "base/error.hpp"

namespace berth::runtime {
namespace {

// The control code of ctrl-<key>, or -1.
int control_code(std::string_view key) {
  if (key.size() != 1) return -1;
  char c = key[0];
  if (c >= 'a' && c <= 'z') return c - 'a' + 1;
  switch (c) {
    case '@':
      return 0;
    case '[':
      return 27;
    case '\\':
      return 28;
    case ']':
      return 29;
    case '^':
      return 30;
    case '_':
      return 31;
    default:
      return -1;
  }
}

}  // namespace

std::string parse_detach_keys(std::string_view keys) {
  std::string sequence;
  if (keys.empty()) return sequence;
  size_t start = 0;
  for (;;) {
    size_t comma = keys.find(',', start);
    std::string_view key =
        keys.substr(start, comma == std::string_view::npos ? keys.npos : comma - start);
    if (key.size() == 1) {
      sequence += key[0];
    } else {
      int code = key.starts_with("ctrl-") ? control_code(key.substr(5)) : -1;
      if (code < 0) {
        throw InvalidArgumentError("Invalid detach keys (" + std::string(keys) +
                                   ") provided: unknown key '" + std::string(key) + "'");
      }
      sequence += static_cast<char>(code);
    }
    if (comma == std::string_view::npos) return sequence;
    start = comma + 1;
  }
}

DetachKeyWatch::Result DetachKeyWatch::feed(std::string_view typed) {
  Result result;
  if (sequence_.empty()) {
    result.forward = typed;
    return result;
  }
  for (char c : typed) {
    if (c != sequence_[matched_] && matched_ > 0) {
      // Not the sequence after all: what was held back was typed for the container.
      result.forward += sequence_.substr(0, matched_);
      matched_ = 0;
    }
    if (c == sequence_[matched_]) {
      if (++matched_ == sequence_.size()) {
        matched_ = 0;
        result.detached = true;
        return result;
      }
      continue;
    }
    result.forward += c;
  }
  return result;
}

}  // namespace berth::runtime
