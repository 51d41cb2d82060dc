#pragma once
// Kept-alive connections to Spaces' apps, for the proxy to reuse. One pool per event loop:
// its sockets belong to that loop's io_context and only that loop's thread touches them, so
// the pool needs no lock.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "server/http/exchange.hpp"

namespace berth::server {

class UpstreamPool {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    std::size_t per_endpoint = 64;
    // Idle connections older than this are closed rather than reused: apps close theirs
    // after a keep-alive timeout of their own, often 5 to 75 s.
    std::chrono::seconds max_idle{60};
    std::chrono::seconds sweep_every{10};
  };

  UpstreamPool() = default;
  explicit UpstreamPool(Limits limits) : limits_(limits) {}

  // The most recently returned connection to `endpoint`, if one is young enough.
  std::optional<LoopSocket> take(const tcp::endpoint& endpoint);
  void put(const tcp::endpoint& endpoint, LoopSocket socket);
  // Closes every idle connection (the server is stopping).
  void clear();
  std::size_t idle_count() const;

 private:
  struct Idle {
    LoopSocket socket;
    Clock::time_point since;
  };
  // Containers come and go: drop what nobody reused, so dead endpoints keep no descriptors.
  void sweep(Clock::time_point now);

  Limits limits_;
  std::map<tcp::endpoint, std::vector<Idle>> idle_;
  Clock::time_point last_sweep_ = Clock::now();
};

}  // namespace berth::server
