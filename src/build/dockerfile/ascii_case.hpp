#pragma once
// ASCII case mapping: Dockerfile keywords, stage names and flag values are case-insensitive in
// ASCII only, whatever the locale.
#include <string>
#include <string_view>

namespace berth::build {

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

inline std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace berth::build
