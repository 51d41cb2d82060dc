#include "build/dockerfile/octal_mode.hpp"

#include <charconv>
#include <string>

#include "base/error.hpp"

namespace berth::build {

std::uint32_t parse_chmod(std::string_view text) {
  std::string bad = "invalid chmod parameter: '" + std::string(text) +
                    "'. it should be octal string and between 0 and 07777";
  if (text.empty()) throw InvalidArgumentError(bad);
  bool digits = text.find_first_not_of("0123456789") == std::string_view::npos;
  if (!digits) {
    if (text.find_first_of("+-=") != std::string_view::npos) {
      throw InvalidArgumentError("--chmod=" + std::string(text) +
                                 ": symbolic modes are not supported yet");
    }
    throw InvalidArgumentError(bad);
  }
  std::uint32_t mode = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), mode, 8);
  if (ec != std::errc() || end != text.data() + text.size() || mode > 07777) {
    throw InvalidArgumentError(bad);
  }
  return mode;
}

}  // namespace berth::build
