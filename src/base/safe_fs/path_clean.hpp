#pragma once
// Go's path.Clean, which Docker applies to container paths, COPY paths and patterns, and the
// few ways Berth confines a cleaned path to a root. Purely lexical: nothing is resolved on
// any filesystem (confined_open.hpp does that).
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace berth {

// "a//b/./c/.." -> "a/b"; "" -> "."; "/.." -> "/"; a relative ".." that climbs stays ("../a").
std::string clean_path(std::string_view path);

// Cleans `path` as an absolute path: "/a//b/./c/../" -> "/a/b", "a" -> "/a"; ".." never
// climbs above "/".
std::string clean_absolute_path(std::string_view path);

// Cleans `path` as if it were absolute inside a root, so neither a leading '/' nor ".." can
// leave it, and returns it without the leading '/': "/../a/./b" -> "a/b"; "/" or "" -> "".
// This is how BuildKit clamps COPY sources to the context and destinations to the rootfs.
std::string clamp_to_root(std::string_view path);

// Cleans `path` relative to a root, a leading '/' meaning the root too (tar entry names):
// "/a/./b" -> "a/b", "." -> "". nullopt when ".." would climb above the root ("a/../../b"),
// for callers that refuse such names instead of clamping them.
std::optional<std::string> clean_beneath(std::string_view path);

// Joins clean relative paths, either may be "": ("a", "b/c") -> "a/b/c".
std::string join_relative(std::string_view a, std::string_view b);

// Splits a clean relative path into its parent ("" for the root) and last component.
std::pair<std::string_view, std::string_view> split_last(std::string_view clean);

// Number of components of a clean absolute path: "/" 0, "/a" 1, "/a/b" 2.
size_t path_depth(std::string_view clean_absolute);

}  // namespace berth
