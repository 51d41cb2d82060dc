#include "spaces/route_table.hpp"

#include "spaces/hub_names.hpp"

namespace berth::spaces {

std::string RouteTable::key(const std::string& space_id) {
  return lowercase(space_id);
}

void RouteTable::set(const std::string& space_id, Route route) {
  std::lock_guard lock(mutex_);
  routes_[key(space_id)] = std::move(route);
}

void RouteTable::erase(const std::string& space_id) {
  std::lock_guard lock(mutex_);
  routes_.erase(key(space_id));
}

std::optional<Route> RouteTable::find(const std::string& space_id) const {
  std::lock_guard lock(mutex_);
  auto it = routes_.find(key(space_id));
  if (it == routes_.end()) return std::nullopt;
  return it->second;
}

}  // namespace berth::spaces
