#include "spaces/route_table.hpp"

#include "spaces/hub_names.hpp"

namespace berth::spaces {

std::string RouteTable::key(const std::string& space_id) {
  return lowercase(space_id);
}

void RouteTable::set(const std::string& space_id, Route route) {
  {
    std::lock_guard lock(mutex_);
    auto& entry = entries_[key(space_id)];
    entry.route = std::move(route);
    entry.dormancy.reset();
    entry.last_active = Clock::now();
  }
  if (on_serve_) on_serve_();
}

void RouteTable::erase(const std::string& space_id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key(space_id));
  if (it == entries_.end()) return;
  // Requests still open keep their entry's count; a new route starts from there.
  it->second.route.reset();
  it->second.dormancy.reset();
  if (it->second.open_requests == 0) entries_.erase(it);
}

void RouteTable::set_dormant(const std::string& space_id, Dormancy dormancy) {
  std::lock_guard lock(mutex_);
  auto& entry = entries_[key(space_id)];
  entry.route.reset();
  entry.dormancy = dormancy;
}

std::optional<Route> RouteTable::find(const std::string& space_id) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key(space_id));
  if (it == entries_.end()) return std::nullopt;
  return it->second.route;
}

std::optional<Dormancy> RouteTable::dormancy(const std::string& space_id) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key(space_id));
  if (it == entries_.end()) return std::nullopt;
  return it->second.dormancy;
}

RouteTable::Visit RouteTable::visit(const std::string& space_id) {
  std::string k = key(space_id);
  std::lock_guard lock(mutex_);
  auto it = entries_.find(k);
  if (it == entries_.end()) return {};
  Entry& entry = it->second;
  if (!entry.route) return {.dormancy = entry.dormancy};
  ++entry.open_requests;
  entry.last_active = Clock::now();
  // The entry outlives the hold: erase keeps entries with open requests.
  // It points at the table only to be non-null; its deleter ends the request.
  std::shared_ptr<void> hold(static_cast<void*>(this), [this, k](void*) { request_ended(k); });
  return {.route = entry.route, .hold = std::move(hold)};
}

void RouteTable::request_ended(const std::string& k) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(k);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  --entry.open_requests;
  entry.last_active = Clock::now();
  if (entry.open_requests == 0 && !entry.route && !entry.dormancy) entries_.erase(it);
}

std::optional<Route> RouteTable::take_if_idle(const std::string& space_id, Dormancy dormancy,
                                              Clock::time_point idle_since) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key(space_id));
  if (it == entries_.end()) return std::nullopt;
  Entry& entry = it->second;
  if (!entry.route || entry.open_requests > 0 || entry.last_active > idle_since) {
    return std::nullopt;
  }
  auto route = std::move(entry.route);
  entry.route.reset();
  entry.dormancy = dormancy;
  return route;
}

std::optional<RouteTable::Clock::time_point> RouteTable::last_active(
    const std::string& space_id) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key(space_id));
  if (it == entries_.end()) return std::nullopt;
  return it->second.last_active;
}

}  // namespace berth::spaces
