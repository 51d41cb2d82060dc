// parse_memory_size: Docker's RAMInBytes (go-units): a decimal number, an optional space, and
// an optional binary suffix b, k, m, g, t, p, each optionally followed by "b" or "ib".
#include <charconv>
#include <cmath>
#include <string>

#include "base/error.hpp"
#include "runtime/spec/container_config.hpp"

namespace berth::runtime {

int64_t parse_memory_size(std::string_view text) {
  std::string shown(text);
  auto invalid_size = [&] { return InvalidArgumentError("invalid size: '" + shown + "'", 125); };
  size_t sep = text.find_last_of("0123456789. ");
  if (sep == std::string_view::npos) throw invalid_size();
  std::string_view number = text.substr(0, text[sep] == ' ' ? sep : sep + 1);
  std::string suffix(text.substr(sep + 1));

  // Go's ParseFloat accepts a leading '+', which from_chars does not.
  std::string_view digits = number;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  double size = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size,
                                   std::chars_format::general);
  bool sign_twice = !digits.empty() && (digits[0] == '+' || digits[0] == '-') && number[0] == '+';
  if (digits.empty() || sign_twice || ec != std::errc() || end != digits.data() + digits.size() ||
      !std::isfinite(size)) {
    throw InvalidArgumentError(
        "strconv.ParseFloat: parsing \"" + std::string(number) + "\": invalid syntax", 125);
  }
  if (size < 0) throw invalid_size();

  if (!suffix.empty()) {
    auto bad_suffix = [&] { return InvalidArgumentError("invalid suffix: '" + suffix + "'", 125); };
    if (suffix.size() > 3) throw bad_suffix();
    for (auto& ch : suffix) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    static constexpr std::string_view kUnits = "kmgtp";
    if (suffix[0] == 'b') {
      if (suffix.size() > 1) throw bad_suffix();
    } else {
      auto unit = kUnits.find(suffix[0]);
      if (unit == std::string_view::npos) throw bad_suffix();
      if ((suffix.size() == 2 && suffix[1] != 'b') ||
          (suffix.size() == 3 && suffix.substr(1) != "ib"))
        throw bad_suffix();
      size *= std::ldexp(1.0, 10 * static_cast<int>(unit + 1));
    }
  }
  if (size >= 9223372036854775808.0) throw invalid_size();
  return static_cast<int64_t>(size);
}

}  // namespace berth::runtime
