#pragma once
// HTTP's optional white space (RFC 9110 section 5.6.3: spaces and tabs) around field values and
// list elements.
#include <string_view>

namespace berth::server {

constexpr std::string_view trim_optional_whitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace berth::server
