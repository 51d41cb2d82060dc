#pragma once
// Reading a compose file or an env file whole, within kMaxFileBytes: one place for the bound.
#include <string>

namespace berth::compose {

// The file's bytes; an error naming `shown` (the path as the user gave it) when it cannot be
// read or is larger than kMaxFileBytes.
std::string read_bounded_file(const std::string& path, const std::string& shown);

}  // namespace berth::compose
