#include "server/http/upstream_pool.hpp"

#include <iterator>

namespace berth::server {

std::optional<LoopSocket> UpstreamPool::take(const tcp::endpoint& endpoint) {
  auto it = idle_.find(endpoint);
  if (it == idle_.end()) return std::nullopt;
  auto& idle = it->second;
  const auto now = Clock::now();
  while (!idle.empty()) {
    Idle last = std::move(idle.back());
    idle.pop_back();
    if (now - last.since <= limits_.max_idle) return std::move(last.socket);
  }
  return std::nullopt;
}

void UpstreamPool::put(const tcp::endpoint& endpoint, LoopSocket socket) {
  const auto now = Clock::now();
  if (now - last_sweep_ > limits_.sweep_every) sweep(now);
  auto& idle = idle_[endpoint];
  if (idle.size() < limits_.per_endpoint) idle.push_back({std::move(socket), now});
}

void UpstreamPool::clear() {
  idle_.clear();
}

std::size_t UpstreamPool::idle_count() const {
  std::size_t count = 0;
  for (const auto& [endpoint, idle] : idle_) count += idle.size();
  return count;
}

void UpstreamPool::sweep(Clock::time_point now) {
  last_sweep_ = now;
  for (auto it = idle_.begin(); it != idle_.end();) {
    std::erase_if(it->second, [&](const Idle& i) { return now - i.since > limits_.max_idle; });
    it = it->second.empty() ? idle_.erase(it) : std::next(it);
  }
}

}  // namespace berth::server
