#pragma once
// Where the proxy sends each Space's traffic: the address and app_port of the instance that
// serves it. The deploy pipeline switches a route only once the new instance answers, which
// is what makes a redeploy zero-downtime.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace berth::spaces {

struct Route {
  std::string address;  // the instance's IP
  uint16_t port = 0;    // app_port
  std::string instance;
};

class RouteTable {
 public:
  void set(const std::string& space_id, Route route);
  void erase(const std::string& space_id);
  std::optional<Route> find(const std::string& space_id) const;

 private:
  static std::string key(const std::string& space_id);  // ids compare case-insensitively
  mutable std::mutex mutex_;
  std::map<std::string, Route> routes_;
};

}  // namespace berth::spaces
