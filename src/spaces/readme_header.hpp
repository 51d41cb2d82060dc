#pragma once
// Parses and validates the header of a Space's README.md (its YAML front matter) into a
// SpaceConfig, as the Hub does, refusing what Berth cannot run: any sdk but docker.
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "spaces/space_config.hpp"

namespace berth::spaces {

// Why a README header was refused: the first bad thing in it and its line.
struct HeaderError {
  int line = 0;         // README line (1-based); 0 when the README as a whole is at fault
  std::string detail;   // what is wrong, without the file and line
  std::string message;  // "README.md:4: colorFrom: \"orange\" is not one of red, …"
};

// A README either configures a Space or says where it does not. A bad header is expected
// input, not a failure of Berth: the deploy pipeline records it as the Space's CONFIG_ERROR
// stage with this message and carries on, so it is a value rather than an exception
// (std::expected is C++23).
using ReadmeHeaderResult = std::variant<SpaceConfig, HeaderError>;

// Bounds on what parsing costs: a larger README (read at most kMaxReadmeBytes + 1 bytes of
// it) or header is refused. The Hub's headers are a few hundred bytes.
inline constexpr size_t kMaxReadmeBytes = 1024 * 1024;
inline constexpr size_t kMaxHeaderBytes = 64 * 1024;

// `readme` is the whole README.md text; `file` names it in messages.
ReadmeHeaderResult parse_readme_header(std::string_view readme,
                                       std::string_view file = "README.md");

// For callers that stop at the first problem anyway (the CLI): the config, or an
// InvalidArgumentError with the HeaderError's message.
SpaceConfig parse_readme_header_or_throw(std::string_view readme,
                                         std::string_view file = "README.md");

}  // namespace berth::spaces
