#pragma once
// The libFuzzer entry point every target in tests/fuzz defines. The same source builds two
// ways: with clang's -fsanitize=fuzzer for `make fuzz`, and with replay_main.cpp as a plain
// program that runs it over the saved corpus for `make test`.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace berth::fuzz {

inline std::string_view text_of(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits "first\nrest" at the first newline (the whole input is `first` when there is none).
inline std::pair<std::string_view, std::string_view> split_first_line(std::string_view text) {
  auto nl = text.find('\n');
  if (nl == std::string_view::npos) return {text, {}};
  return {text.substr(0, nl), text.substr(nl + 1)};
}

}  // namespace berth::fuzz
