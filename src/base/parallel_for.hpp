#pragma once
// Runs f(i) for i in [0, n) on up to `max_workers` threads (0: one per CPU); after the first
// error no new index starts, and that error is rethrown once all threads ended.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace berth {

template <typename F>
void parallel_for(size_t n, size_t max_workers, F&& f) {
  if (max_workers == 0) max_workers = std::max(1u, std::thread::hardware_concurrency());
  size_t workers = std::min(n, max_workers);
  std::atomic<size_t> next{0};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) {
        try {
          f(i);
        } catch (...) {
          std::lock_guard lock(error_mutex);
          if (!first_error) first_error = std::current_exception();
          next = n;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace berth
