#pragma once
// DNS between containers through aardvark-dns (Podman's DNS server; 1.4 on Debian 12).
//
// Its config directory holds one file per network, named after the network (verified with
// 1.4 by running it):
//   line 1   the addresses it listens on (port 53), comma-separated: the network's gateway
//   then     one line per container: "<id> <ipv4s> <ipv6s> <names>", each list comma-separated,
//            single spaces, an empty list left empty: "<id> 10.88.0.2  web,db"
// Every other file there is parsed as a network too (only aardvark.pid is skipped) and one bad
// file fails the whole reload, so the directory holds nothing else. aardvark-dns daemonises,
// writes aardvark.pid there, and rereads the directory on SIGHUP.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "network/network_record.hpp"

namespace berth::network {

inline constexpr const char* kAardvarkBinary = "/usr/lib/podman/aardvark-dns";
// The search domain containers get in resolv.conf: aardvark-dns strips it from queries
// (--filter-search-domain), so "web.dns.berth" answers like "web" without a trip upstream.
inline constexpr const char* kDnsSearchDomain = "dns.berth";

struct DnsRecord {
  std::string container_id;
  std::vector<std::string> ipv4;
  std::vector<std::string> ipv6;
  std::vector<std::string> names;  // container name, aliases, short ID
};

struct DnsNetworkConfig {
  std::vector<std::string> listen;  // the gateway address(es)
  std::vector<DnsRecord> records;
};

// Throws InvalidArgumentError for what aardvark-dns would misread (a space or comma in a name,
// a record without names or addresses, nothing to listen on).
std::string render_dns_config(const DnsNetworkConfig& config);
DnsNetworkConfig parse_dns_config(std::string_view text, std::string_view what);

class AardvarkDns {
 public:
  // The config lives in `run_dir`/aardvark-dns, and `run_dir`/aardvark-dns.lock serialises
  // berth processes changing it (a read-modify-write of a file, and starting the daemon once).
  explicit AardvarkDns(std::filesystem::path run_dir,
                       std::filesystem::path binary = kAardvarkBinary);

  // Adds the record to the network's file (replacing the container's previous one), then
  // reloads. The bridge must have the gateway address already: aardvark-dns binds to it.
  void add_record(const NetworkRecord& network, const DnsRecord& record);
  // Removes the container's record, and the file with the last one; then reloads.
  void remove_record(const NetworkRecord& network, const std::string& container_id);
  // Removes the network's file, then reloads.
  void remove_network(const NetworkRecord& network);
  // Starts aardvark-dns if a network file exists and it is not running, else makes it reread
  // the files (SIGHUP); stops it when no file is left.
  void reload();
  // Stops aardvark-dns and removes its directory (system reset).
  void remove_all();

  const std::filesystem::path& config_dir() const { return dir_; }

 private:
  std::filesystem::path network_file(const NetworkRecord& network) const;
  void reload_locked();
  std::optional<int> running_pid() const;
  void stop_locked();

  std::filesystem::path dir_;
  std::filesystem::path lock_;
  std::filesystem::path binary_;
};

}  // namespace berth::network
