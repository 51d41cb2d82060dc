#include "server/visit_passes.hpp"

#include "spaces/hub_names.hpp"
#include "spaces/token.hpp"
#include "spaces/web_session_store.hpp"

namespace berth::server {

namespace {

// A bound on what a flood of App tab visits can make the server hold.
constexpr std::size_t kMaxGrants = 100000;

// Held by hash, as sessions and tokens are: a dump of the server's memory gives no pass.
std::string key_of(std::string_view secret) {
  return spaces::token_hash(secret);
}

}  // namespace

void VisitPasses::prune(Clock::time_point now) {
  for (auto* grants : {&tickets_, &passes_}) {
    std::erase_if(*grants, [&](const auto& entry) { return entry.second.expires <= now; });
  }
}

std::string VisitPasses::issue_ticket(std::string_view space_id, std::string_view user) {
  std::string ticket = spaces::new_web_secret();
  std::lock_guard lock(mutex_);
  const auto now = now_();
  if (tickets_.size() + passes_.size() >= kMaxGrants) prune(now);
  if (tickets_.size() >= kMaxGrants) tickets_.erase(tickets_.begin());
  tickets_[key_of(ticket)] = Grant{std::string(space_id), std::string(user), now + kTicketLifetime};
  return ticket;
}

std::optional<std::string> VisitPasses::redeem(std::string_view ticket, std::string_view space_id) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  auto it = tickets_.find(key_of(ticket));
  if (it == tickets_.end()) return std::nullopt;
  Grant grant = std::move(it->second);
  tickets_.erase(it);  // once, whatever follows
  if (grant.expires <= now || !spaces::same_name(grant.space_id, space_id)) return std::nullopt;
  std::string pass = spaces::new_web_secret();
  if (passes_.size() >= kMaxGrants) prune(now);
  if (passes_.size() >= kMaxGrants) passes_.erase(passes_.begin());
  grant.expires = now + kPassLifetime;
  passes_[key_of(pass)] = std::move(grant);
  return pass;
}

std::optional<std::string> VisitPasses::visitor(std::string_view pass, std::string_view space_id) {
  std::lock_guard lock(mutex_);
  auto it = passes_.find(key_of(pass));
  if (it == passes_.end()) return std::nullopt;
  if (it->second.expires <= now_()) {
    passes_.erase(it);
    return std::nullopt;
  }
  if (!spaces::same_name(it->second.space_id, space_id)) return std::nullopt;
  return it->second.user;
}

}  // namespace berth::server
