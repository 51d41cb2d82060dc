#pragma once
// The octal permission bits of COPY/ADD --chmod.
#include <cstdint>
#include <string_view>

namespace berth::build {

// "755" → 0755. Throws InvalidArgumentError in BuildKit's wording for anything that is not an
// octal number up to 07777 (symbolic modes like u+x are not supported yet).
std::uint32_t parse_chmod(std::string_view text);

}  // namespace berth::build
