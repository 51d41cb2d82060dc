#pragma once
// What `top` prints for a container: the host's `ps` output (default -ef) limited to the
// container's processes, header first; shared by `berth top` and `berth compose top`.
#include <string>
#include <vector>

namespace berth::cli {

// The header line, then the lines of `ps ARGS` whose PID column is one of `pids`.
std::vector<std::string> process_table(const std::vector<int>& pids,
                                       const std::vector<std::string>& ps_args);

}  // namespace berth::cli
