#pragma once
// Splits a command string into words as compose does (go-shellwords): blanks separate words,
// 'single' and "double" quotes group, backslash escapes; no expansion. nullopt when a quote
// is left open.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::compose {

std::optional<std::vector<std::string>> split_shell_words(std::string_view text);

}  // namespace berth::compose
