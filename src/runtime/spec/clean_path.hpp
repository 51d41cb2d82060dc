#pragma once
// Lexical cleaning of container paths, as Go's path.Clean does for Docker: no ".", no "..",
// no repeated or trailing '/'. Container paths are never resolved on the host.
#include <string>
#include <string_view>

namespace berth::runtime {

// "/a//b/./c/../" -> "/a/b"; ".." never climbs above "/". The input must be absolute.
std::string clean_absolute_path(std::string_view path);

// Number of components of a cleaned absolute path: "/" 0, "/a" 1, "/a/b" 2.
size_t path_depth(std::string_view clean_path);

}  // namespace berth::runtime
