#include "compose/orchestrator/parallel_each.hpp"

#include <algorithm>
#include <exception>
#include <thread>

namespace berth::compose {

void for_each_in_parallel(const std::vector<std::string>& names,
                          const std::function<void(const std::string&)>& work) {
  if (names.size() == 1) {
    work(names.front());
    return;
  }
  std::vector<std::exception_ptr> failures(names.size());
  for (size_t first = 0; first < names.size(); first += kMaxParallel) {
    std::vector<std::thread> threads;
    for (size_t i = first; i < std::min(names.size(), first + kMaxParallel); ++i) {
      threads.emplace_back([&, i] {
        try {
          work(names[i]);
        } catch (...) {
          failures[i] = std::current_exception();
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  for (auto& f : failures) {
    if (f) std::rethrow_exception(f);
  }
}

}  // namespace berth::compose
