#include "build/dockerfile/octal_mode.hpp"

#include <string>

#include "base/error.hpp"

namespace berth::build {

std::uint32_t parse_chmod(std::string_view text) {
  std::uint32_t mode = 0;
  bool valid = !text.empty();
  for (char c : text) {
    if (c < '0' || c > '7' || mode > 07777) {
      valid = false;
      break;
    }
    mode = mode * 8 + static_cast<std::uint32_t>(c - '0');
  }
  if (!valid || mode > 07777) {
    throw InvalidArgumentError("invalid chmod parameter: " + std::string(text) +
                               ". it should be octal string and between 0 and 07777");
  }
  return mode;
}

}  // namespace berth::build
