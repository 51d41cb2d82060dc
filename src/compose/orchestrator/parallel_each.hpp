#pragma once
// Work on several containers or services at once, as compose does: a thread each, a bounded
// number at a time, every failure waited for before the first is rethrown.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace berth::compose {

inline constexpr size_t kMaxParallel = 16;

// Runs `work` for each name on threads of their own (at most kMaxParallel at once) and waits
// for all; the first failure is rethrown once every thread has finished, so none is left
// running behind an error. One name runs on the calling thread.
void for_each_in_parallel(const std::vector<std::string>& names,
                          const std::function<void(const std::string&)>& work);

}  // namespace berth::compose
