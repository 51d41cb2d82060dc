#include "base/go_parse_int.hpp"

#include <charconv>

#include "base/go_quote.hpp"

namespace berth {

GoParsedInt go_parse_int(std::string_view text, int bits) {
  GoParsedInt out;
  out.text = std::string(text);
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty() || digits[0] < '0' || digits[0] > '9') {  // from_chars takes a '-' here
    out.failure = GoParsedInt::Failure::kSyntax;
    return out;
  }
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  if (end != digits.data() + digits.size()) {
    out.failure = GoParsedInt::Failure::kSyntax;
    return out;
  }
  const uint64_t limit = uint64_t{1} << (bits - 1);  // |min|; max is one less
  if (ec == std::errc::result_out_of_range || magnitude > limit ||
      (!negative && magnitude == limit)) {
    out.failure = GoParsedInt::Failure::kRange;
    return out;
  }
  out.value = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return out;
}

std::string GoParsedInt::message() const {
  if (!failure) return {};
  return "strconv.ParseInt: parsing " + go_quote(text) + ": " +
         (*failure == Failure::kSyntax ? "invalid syntax" : "value out of range");
}

}  // namespace berth
