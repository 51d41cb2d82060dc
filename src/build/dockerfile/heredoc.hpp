#pragma once
// Recognizing here-document words (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`) the way BuildKit
// does; the bodies themselves are read by the line reader (logical_lines.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "build/dockerfile/instructions.hpp"

namespace berth::build {

// The heredoc a single word introduces, body empty; nullopt when the word is not one.
std::optional<Heredoc> parse_heredoc_word(std::string_view word);

// The heredocs a line introduces, in order (`RUN <<A <<B` gives A then B).
std::vector<Heredoc> heredocs_in_line(std::string_view line);

// `<<-`: every line of the body without its leading tabs.
std::string strip_leading_tabs(std::string_view body);

}  // namespace berth::build
