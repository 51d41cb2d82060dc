#pragma once
// Go's %q rendering of a string, so that messages quote user input the way BuildKit's do.
#include <string>
#include <string_view>

namespace berth::build {

// "a\"b" for a"b; control characters as \n, \t, \xNN.
std::string go_quote(std::string_view text);

}  // namespace berth::build
