#pragma once
// Go's path.Clean, which Docker applies to patterns and COPY paths: no ".", no "..", no
// repeated or trailing '/'. Purely lexical: nothing is resolved on any filesystem.
#include <string>
#include <string_view>

namespace berth::build {

// "a//b/./c/.." -> "a/b"; "" -> "."; "/.." -> "/"; a relative ".." that climbs stays ("../a").
std::string clean_path(std::string_view path);

// Cleans `path` as if it were absolute inside a root, so neither a leading '/' nor ".." can
// leave it, and returns it without the leading '/': "/../a/./b" -> "a/b"; "/" or "" -> "".
// This is how BuildKit clamps COPY sources to the context and destinations to the rootfs.
std::string clamp_to_root(std::string_view path);

// Joins clean relative paths, either may be "": ("a", "b/c") -> "a/b/c".
std::string join_relative(std::string_view a, std::string_view b);

}  // namespace berth::build
