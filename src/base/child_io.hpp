#pragma once
// What a child process is handed and hands back, besides pipes: anonymous files for its
// stdin and output, and its environment.
#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"

namespace berth {

// An anonymous file (close-on-exec) for a child's stdin or output: written or read whole,
// no pipe to keep moving.
UniqueFd make_memfd(const char* name);
// Everything in `fd` from offset 0; `what` names it in errors.
std::string read_from_start(int fd, std::string_view what);

// `env` ("NAME=value" each) with `overrides` in place of the variables they name: execve
// keeps duplicates, and getenv takes the first.
std::vector<std::string> with_overrides(std::vector<std::string> env,
                                        const std::vector<std::string>& overrides);

}  // namespace berth
