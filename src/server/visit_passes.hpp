#pragma once
// How a signed-in owner's browser opens their private Space on the Space's own host, where the
// web UI's session cookie never goes (it is the API host's alone). The UI's App tab gives the
// frame a single-use ticket in its URL (/.berth/visit?ticket=…, valid for a minute); the
// Space's host exchanges it for a pass, a cookie of that host only, that lets the browser see
// that one Space for a while. Passes live in the server's memory: a restarted server forgets
// them, and the next visit to the App tab issues new ones.
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "server/http/credential_filter.hpp"  // kVisitCookie, kept from the apps

namespace berth::server {

// The path of a Space's host that redeems a ticket (the only path Berth takes from apps).
inline constexpr std::string_view kVisitPath = "/.berth/visit";

class VisitPasses {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr auto kTicketLifetime = std::chrono::minutes(1);
  static constexpr auto kPassLifetime = std::chrono::hours(12);

  // A ticket letting `user` open `space_id` once, within kTicketLifetime.
  std::string issue_ticket(std::string_view space_id, std::string_view user);
  // The pass for a ticket of `space_id`: nullopt when the ticket is unknown, used, expired or
  // for another Space. A ticket redeems once.
  std::optional<std::string> redeem(std::string_view ticket, std::string_view space_id);
  // The user a pass lets see `space_id`; nullopt for an unknown or expired pass, or one of
  // another Space.
  std::optional<std::string> visitor(std::string_view pass, std::string_view space_id);

  // For tests: the clock's "now".
  void set_clock_for_testing(std::function<Clock::time_point()> now) { now_ = std::move(now); }

 private:
  struct Grant {
    std::string space_id;
    std::string user;
    Clock::time_point expires;
  };
  void prune(Clock::time_point now);

  std::mutex mutex_;
  std::map<std::string, Grant, std::less<>> tickets_;  // by the ticket's sha256
  std::map<std::string, Grant, std::less<>> passes_;   // by the pass's sha256
  std::function<Clock::time_point()> now_ = [] { return Clock::now(); };
};

}  // namespace berth::server
