#pragma once
// Finding the few helper binaries the Linux network backend runs (nft, aardvark-dns) with
// base/process.hpp's run_process.
#include <string>
#include <string_view>

#include "base/process.hpp"

namespace berth::network {

// `name` in PATH, else in /usr/sbin and /sbin (where nft lives; a sudo'ed or cron PATH often
// lacks them). Throws an Error naming the package to install (not NotFoundError, which
// callers read as "the object is already gone").
std::string find_program(std::string_view name, std::string_view package);

}  // namespace berth::network
