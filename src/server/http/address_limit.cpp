#include "server/http/address_limit.hpp"

#include <algorithm>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>
#include <utility>

namespace berth::server {

namespace ip = boost::asio::ip;

AddressLimit::Slot::Slot(Slot&& other) noexcept
    : limit_(std::exchange(other.limit_, nullptr)), key_(std::move(other.key_)) {}

AddressLimit::Slot& AddressLimit::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    release();
    limit_ = std::exchange(other.limit_, nullptr);
    key_ = std::move(other.key_);
  }
  return *this;
}

void AddressLimit::Slot::release() {
  if (limit_ != nullptr) std::exchange(limit_, nullptr)->release(key_);
}

std::string AddressLimit::key_of(const ip::address& client) {
  if (client.is_v4()) return client.to_v4().to_string();
  const ip::address_v6 v6 = client.to_v6();
  if (v6.is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, v6).to_string();
  ip::address_v6::bytes_type bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return ip::address_v6(bytes).to_string() + "/64";
}

std::optional<AddressLimit::Slot> AddressLimit::acquire(const ip::address& client) {
  if (limit_ == 0) return Slot();
  std::string key = key_of(client);
  std::lock_guard lock(mutex_);
  std::size_t& open = open_[key];
  if (open >= limit_) return std::nullopt;
  ++open;
  return Slot(this, std::move(key));
}

void AddressLimit::release(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(key);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

}  // namespace berth::server
