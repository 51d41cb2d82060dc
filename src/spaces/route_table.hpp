#pragma once
// Where the proxy sends each Space's traffic: the address and app_port of the instance that
// serves it, or why none does: the Space sleeps (a visit wakes it) or its owner paused it.
// The deploy pipeline switches a route only once the new instance answers, which is what
// makes a redeploy zero-downtime. The table also counts the proxy's open requests per Space
// and when the last one began or ended: the sleeper takes a route away only from a Space
// with none open, in the same step, so no request is sent to a container being frozen.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "spaces/dormancy.hpp"

namespace berth::spaces {

struct Route {
  std::string address;  // the instance's IP
  uint16_t port = 0;    // app_port
  std::string instance;
};

class RouteTable {
 public:
  using Clock = std::chrono::system_clock;

  // The Space serves at `route` (awake, whatever it was), and counts as active now.
  void set(const std::string& space_id, Route route);
  // Called after each set(), outside the table's lock: a Space began to serve, so its sleep
  // is due a sleep time from now (the server's maintenance thread, which otherwise waits for
  // the next deadline it knows of, looks again). Set once, before the table is shared.
  void on_serve(std::function<void()> listener) { on_serve_ = std::move(listener); }
  // The Space serves nowhere and is not dormant (failed, deleted).
  void erase(const std::string& space_id);
  // The Space serves nowhere because it is dormant.
  void set_dormant(const std::string& space_id, Dormancy dormancy);
  std::optional<Route> find(const std::string& space_id) const;
  std::optional<Dormancy> dormancy(const std::string& space_id) const;

  // A request for the Space, as the proxy sees it: its route and a hold that counts the
  // request as open until released (while its response or WebSocket streams), or why there
  // is no route.
  struct Visit {
    std::optional<Route> route;
    std::shared_ptr<void> hold;  // set with route
    std::optional<Dormancy> dormancy;
  };
  Visit visit(const std::string& space_id);

  // The sleeper's step: when no request is open and none began or ended since `idle_since`,
  // the Space's route goes and it is dormant, and the route it had is returned; nullopt (and
  // nothing changed) otherwise.
  std::optional<Route> take_if_idle(const std::string& space_id, Dormancy dormancy,
                                    Clock::time_point idle_since);
  // When a request for the Space last began or ended, or it last began to serve; nullopt for
  // a Space the table has not seen serve.
  std::optional<Clock::time_point> last_active(const std::string& space_id) const;

 private:
  struct Entry {
    std::optional<Route> route;
    std::optional<Dormancy> dormancy;
    int open_requests = 0;
    Clock::time_point last_active{};
  };
  static std::string key(const std::string& space_id);  // ids compare case-insensitively
  void request_ended(const std::string& key);

  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::function<void()> on_serve_;
};

}  // namespace berth::spaces
