#include "server/byte_range.hpp"

#include <charconv>

#include "server/http/optional_whitespace.hpp"

namespace berth::server {
namespace {

std::optional<uint64_t> parse_number(std::string_view text) {
  uint64_t value = 0;
  if (text.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

RangeRequest parse_range(std::string_view header, uint64_t size) {
  RangeRequest whole;
  header = trim_optional_whitespace(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() < kUnit.size()) return whole;
  for (size_t i = 0; i < kUnit.size(); ++i) {
    char c = header[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kUnit[i]) return whole;  // another unit: ignored
  }
  std::string_view spec = trim_optional_whitespace(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return whole;
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  std::string_view first_text = trim_optional_whitespace(spec.substr(0, dash));
  std::string_view last_text = trim_optional_whitespace(spec.substr(dash + 1));
  RangeRequest out;
  out.kind = RangeRequest::Kind::kPartial;
  if (first_text.empty()) {
    // "-N": the last N bytes.
    auto suffix = parse_number(last_text);
    if (!suffix) return whole;
    if (*suffix == 0 || size == 0) return {.kind = RangeRequest::Kind::kUnsatisfiable};
    out.range.first = *suffix >= size ? 0 : size - *suffix;
    out.range.last = size - 1;
    return out;
  }
  auto first = parse_number(first_text);
  if (!first) return whole;
  std::optional<uint64_t> last;
  if (!last_text.empty()) {
    last = parse_number(last_text);
    if (!last || *last < *first) return whole;  // invalid: ignored, as the RFC says
  }
  if (*first >= size) return {.kind = RangeRequest::Kind::kUnsatisfiable};
  out.range.first = *first;
  out.range.last = last && *last < size ? *last : size - 1;
  return out;
}

}  // namespace berth::server
