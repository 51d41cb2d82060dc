#pragma once
// The fields of a short-form spec ("8080:80/tcp", "data:/data:ro"), split at every colon.
#include <string_view>
#include <vector>

namespace berth::compose {

// "a:b::c" → {"a", "b", "", "c"}; "" → {""}.
std::vector<std::string_view> colon_fields(std::string_view spec);

}  // namespace berth::compose
