#pragma once
// Go's strconv.Quote, which Docker's templates (%q) and BuildKit's messages use.
#include <cstddef>
#include <string>
#include <string_view>

namespace berth {

// A double-quoted Go string literal: valid UTF-8 kept, control bytes and invalid bytes escaped.
std::string go_quote(std::string_view text);

// Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not one.
size_t utf8_sequence_length(std::string_view s, size_t i);

}  // namespace berth
