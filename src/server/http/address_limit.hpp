#pragma once
// The per-client cap on open connections (`berth serve --max-connections-per-ip`): one client
// must not hold all of the server's connections or threads. Clients are told apart by IPv4
// address, and by /64 prefix for IPv6, since one IPv6 host usually has a whole /64 to pick
// addresses from. Clients behind one NAT or proxy share a count.
#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace berth::server {

class AddressLimit {
 public:
  // A connection counted against its client; releases it when released or destroyed.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept;
    Slot& operator=(Slot&& other) noexcept;
    ~Slot() { release(); }
    void release();

   private:
    friend class AddressLimit;
    Slot(AddressLimit* limit, std::string key) : limit_(limit), key_(std::move(key)) {}
    AddressLimit* limit_ = nullptr;
    std::string key_;
  };

  // At most `limit` connections per client; 0: no limit.
  explicit AddressLimit(std::size_t limit) : limit_(limit) {}
  AddressLimit(const AddressLimit&) = delete;
  AddressLimit& operator=(const AddressLimit&) = delete;

  // Thread-safe. An empty Slot when there is no limit, nullopt when the client is at it.
  std::optional<Slot> acquire(const boost::asio::ip::address& client);
  std::size_t limit() const { return limit_; }

  // What clients are counted by: the IPv4 address (also of a v4-mapped IPv6 one), else the
  // IPv6 address's /64 prefix.
  static std::string key_of(const boost::asio::ip::address& client);

 private:
  void release(const std::string& key);

  const std::size_t limit_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;
};

}  // namespace berth::server
