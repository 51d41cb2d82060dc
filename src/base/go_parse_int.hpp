#pragma once
// Go's strconv.ParseInt(text, 10, bits), which Docker parses numbers in flags and files with:
// an optional '+' or '-', then decimal digits and nothing else (no space, no "+-"), within a
// signed integer of `bits` bits.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth {

struct GoParsedInt {
  enum class Failure { kSyntax, kRange };
  std::string text;  // as given
  int64_t value = 0;
  std::optional<Failure> failure;  // nullopt: `value` holds the number

  // Go's error text: `strconv.ParseInt: parsing "TEXT": invalid syntax` (or value out of
  // range); empty when the number was parsed.
  std::string message() const;
};

GoParsedInt go_parse_int(std::string_view text, int bits = 64);

}  // namespace berth
