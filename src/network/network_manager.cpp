#include "network/network_manager.hpp"

#include <algorithm>
#include <random>
#include <set>

#include "base/error.hpp"
#include "network/host_ports.hpp"
#include "network/host_routes.hpp"
#include "network/ipv4.hpp"
#include "store/file_lock.hpp"

namespace berth::network {
namespace {

constexpr const char* kDefaultSubnet = "10.88.0.0/16";

bool overlaps_any(const Ipv4Subnet& s, const std::vector<Ipv4Subnet>& others) {
  return std::any_of(others.begin(), others.end(), [&](const auto& o) { return s.overlaps(o); });
}

std::string short_id(const std::string& id) {
  return id.substr(0, 12);
}

std::string random_network_id() {
  std::random_device rd;
  std::uniform_int_distribution<int> nibble(0, 15);
  std::string id;
  for (int i = 0; i < 64; ++i) id.push_back("0123456789abcdef"[nibble(rd)]);
  return id;
}

// Docker's naming (br-<12 hex>): unique on the host even when several Berth roots (tests, a
// second `berth serve`) each have their own networks.
void name_new_network(NetworkRecord& n) {
  n.id = random_network_id();
  n.bridge = "br-" + n.id.substr(0, 12);
}

}  // namespace

NetworkManager::NetworkManager(store::Database& db, NetworkBackend& backend,
                               std::filesystem::path run_dir)
    : store_(db), backend_(backend), run_dir_(std::move(run_dir)) {}

bool NetworkManager::is_default_name(const std::string& name) {
  return name == "bridge" || name == "default" || name == kDefaultNetworkName;
}

bool NetworkManager::is_predefined_name(const std::string& name) {
  return is_default_name(name) || name == kBuildNetworkName;
}

bool NetworkManager::is_valid_name(const std::string& name) {
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

std::filesystem::path NetworkManager::netns_path(const std::filesystem::path& run_dir,
                                                 const std::string& container_id) {
  return run_dir / "netns" / container_id;
}

std::filesystem::path NetworkManager::netns_path(const std::string& container_id) const {
  return netns_path(run_dir_, container_id);
}

NetworkRecord NetworkManager::create(const CreateOptions& o) {
  std::lock_guard lock(mutex_);
  if (is_predefined_name(o.name) || o.name == "host" || o.name == "none") {
    throw ConflictError("network with name " + o.name + " already exists");
  }
  for (const auto& [key, value] : o.options) {
    if (key != kHostAccessOption && key != kPrivateEgressOption) {
      throw InvalidArgumentError("network option \"" + key + "\" is not supported yet (only " +
                                 kHostAccessOption + " and " + kPrivateEgressOption + ")");
    }
    if (value != "true" && value != "false") {
      throw InvalidArgumentError("network option " + key + " must be true or false, not \"" +
                                 value + "\"");
    }
  }
  return create_record(o);
}

NetworkRecord NetworkManager::create_record(const CreateOptions& o) {
  NetworkRecord n;
  n.name = o.name;
  n.internal = o.internal;
  n.labels = o.labels;
  n.options = o.options;
  n.dns_enabled = true;  // user-defined networks resolve container names, as in Docker
  auto routes = host_route_subnets();
  if (o.subnet) {
    auto subnet = Ipv4Subnet::parse(*o.subnet);
    if (overlaps_any(subnet, routes)) {
      throw ConflictError(
          "invalid pool request: Pool overlaps with other one on this address "
          "space (the host routes " +
          *o.subnet + ")");
    }
    n.subnet = subnet.to_string();
    if (o.gateway) {
      auto gateway = Ipv4Address::parse(*o.gateway);
      if (!subnet.contains(gateway)) {
        throw InvalidArgumentError("no matching subnet for gateway " + *o.gateway);
      }
      n.gateway = gateway.to_string();
    } else {
      n.gateway = subnet.nth_host(1).to_string();
    }
  } else {
    if (o.gateway) throw InvalidArgumentError("--gateway needs --subnet");
    n.subnet = store_.next_free_subnet(routes);
    n.gateway = Ipv4Subnet::parse(n.subnet).nth_host(1).to_string();
  }
  name_new_network(n);
  return store_.create(n);
}

NetworkRecord NetworkManager::ensure_default() {
  std::lock_guard lock(mutex_);
  if (auto existing = store_.find(kDefaultNetworkName)) return *existing;
  NetworkRecord n;
  n.name = kDefaultNetworkName;
  n.dns_enabled = false;  // Docker's default bridge has no name resolution either
  auto routes = host_route_subnets();
  auto preferred = Ipv4Subnet::parse(kDefaultSubnet);
  n.subnet =
      overlaps_any(preferred, routes) ? store_.next_free_subnet(routes) : preferred.to_string();
  n.gateway = Ipv4Subnet::parse(n.subnet).nth_host(1).to_string();
  name_new_network(n);
  try {
    return store_.create(n);
  } catch (const ConflictError&) {
    // Another berth process made it first.
    return store_.resolve(kDefaultNetworkName);
  }
}

NetworkRecord NetworkManager::ensure_build_network() {
  std::lock_guard lock(mutex_);
  auto existing = store_.find(kBuildNetworkName);
  if (!existing) {
    CreateOptions o;
    o.name = kBuildNetworkName;
    o.labels = {{"berth.purpose", "build"}};
    o.options = {{kHostAccessOption, "false"}, {kPrivateEgressOption, "false"}};
    try {
      return create_record(o);
    } catch (const ConflictError&) {
      existing = store_.find(kBuildNetworkName);  // another berth process made it first
      if (!existing) throw;
    }
  }
  // One made by hand before the name was reserved could be open: refuse it, never use it.
  if (existing->host_access() || existing->private_egress() || existing->internal) {
    throw ConflictError("network " + std::string(kBuildNetworkName) +
                        " is reserved for builds but allows host access or private egress, or "
                        "is internal: remove it (berth network rm " +
                        kBuildNetworkName + ") and it is made again as builds need it");
  }
  return *existing;
}

std::vector<NetworkRecord> NetworkManager::list() {
  std::lock_guard lock(mutex_);
  ensure_default();
  return store_.list();
}

NetworkRecord NetworkManager::inspect(const std::string& name_or_id) {
  std::lock_guard lock(mutex_);
  if (is_default_name(name_or_id)) return ensure_default();
  if (name_or_id == kBuildNetworkName) return ensure_build_network();
  return store_.resolve(name_or_id);
}

std::vector<Attachment> NetworkManager::attachments_of_network(const NetworkRecord& n) {
  std::lock_guard lock(mutex_);
  return store_.attachments_of_network(n.id);
}

void NetworkManager::remove(const std::string& name_or_id) {
  std::lock_guard lock(mutex_);
  // Not inspect for the build network: that would make it, or refuse one left unsafe, which
  // is exactly what the admin removes.
  auto n = name_or_id == kBuildNetworkName ? store_.resolve(name_or_id) : inspect(name_or_id);
  if (n.name == kDefaultNetworkName) {
    throw Error(n.name + " is a pre-defined network and cannot be removed");
  }
  if (!store_.attachments_of_network(n.id).empty()) {
    throw ConflictError("error while removing network: network " + n.name + " id " + n.id +
                        " has active endpoints");
  }
  remove_host_side(n);
  store_.remove(n.id);
}

std::vector<std::string> NetworkManager::prune() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> removed;
  for (const auto& n : store_.list()) {
    if (is_predefined_name(n.name) || !store_.attachments_of_network(n.id).empty()) continue;
    remove_host_side(n);
    store_.remove(n.id);
    removed.push_back(n.name);
  }
  return removed;
}

store::FileLock NetworkManager::host_lock() {
  std::filesystem::create_directories(run_dir_);
  return store::FileLock(run_dir_ / "network.lock", store::FileLock::Mode::kExclusive);
}

void NetworkManager::ensure_host_side(const NetworkRecord& n) {
  // Across processes (50 parallel `run -d`, several roots): one makes the bridge and its
  // rules while the others wait, then find them made.
  auto lock = host_lock();
  backend_.ensure_network(n);
}

void NetworkManager::remove_host_side(const NetworkRecord& n) {
  auto lock = host_lock();
  backend_.remove_network(n);
}

ContainerNetworking NetworkManager::connect_container(const std::string& container_id,
                                                      const std::string& container_name,
                                                      const std::vector<EndpointRequest>& endpoints,
                                                      const std::vector<PortBinding>& ports) {
  std::lock_guard lock(mutex_);
  // Leftovers of an earlier run that was never cleaned up (a crash) go first.
  disconnect_container(container_id);
  ContainerNetworking out;
  out.netns = netns_path(container_id);
  try {
    std::filesystem::create_directories(out.netns.parent_path());
    backend_.create_netns(out.netns);
    std::set<std::string> dns_servers;
    for (size_t i = 0; i < endpoints.size(); ++i) {
      const auto& e = endpoints[i];
      auto n = inspect(e.network);
      if (!e.ip.empty() && n.name == kDefaultNetworkName) {
        throw InvalidArgumentError(
            "user specified IP address is supported on user defined networks only", 125);
      }
      Attachment a;
      a.container_id = container_id;
      a.container_name = container_name;
      a.network_id = n.id;
      a.interface_name = "eth" + std::to_string(i);
      a.ip = e.ip;
      a.aliases = e.aliases;
      a.aliases.push_back(short_id(container_id));
      a = store_.attach(n, a);
      ensure_host_side(n);
      backend_.attach(out.netns, n, a, i == 0);
      if (n.dns_enabled) dns_servers.insert(n.gateway);
      out.attachments.push_back(a);
    }
    if (!dns_servers.empty()) {
      out.dns_servers.assign(dns_servers.begin(), dns_servers.end());
      out.search_domains = {"dns.berth"};
    }
    if (!ports.empty()) {
      if (out.attachments.empty()) {
        throw InvalidArgumentError("published ports need a bridge network", 125);
      }
      for (auto p : ports) {
        if (p.host_port_last > p.host_port) {
          p.host_port = pick_port_in_range(p, out.ports);
          p.host_port_last = 0;
        } else if (p.host_port == 0) {
          p.host_port = pick_free_host_port(p.protocol, p.host_ip);
        } else {
          check_host_port_free(p);
        }
        out.ports.push_back(p);
      }
      store_.bind_ports(container_id, out.ports);
      auto first = inspect(out.attachments.front().network_id);
      backend_.publish(first, out.attachments.front().ip, out.ports);
    }
  } catch (...) {
    disconnect_container(container_id);
    throw;
  }
  return out;
}

uint16_t NetworkManager::pick_port_in_range(const PortBinding& range,
                                            const std::vector<PortBinding>& taken_here) {
  const auto held = store_.all_ports();  // one query, not one per port tried
  auto taken = [&](uint16_t port) {
    auto same = [&](const PortBinding& b) {
      return b.protocol == range.protocol && b.host_port == port &&
             (b.host_ip.empty() || range.host_ip.empty() || b.host_ip == range.host_ip);
    };
    for (const auto& b : taken_here) {
      if (same(b)) return true;
    }
    for (const auto& [container, b] : held) {
      if (same(b)) return true;
    }
    return false;
  };
  for (uint32_t port = range.host_port; port <= range.host_port_last; ++port) {
    PortBinding candidate = range;
    candidate.host_port = static_cast<uint16_t>(port);
    if (taken(candidate.host_port)) continue;
    try {
      check_host_port_free(candidate);
      return candidate.host_port;
    } catch (const ConflictError&) {
      continue;  // something else on the host listens there
    }
  }
  std::string ip = range.host_ip.empty() ? "0.0.0.0" : range.host_ip;
  throw ConflictError("Bind for " + ip + ":" + std::to_string(range.host_port) + "-" +
                      std::to_string(range.host_port_last) +
                      " failed: every port of the range is already allocated");
}

Attachment NetworkManager::connect_running(const std::string& container_id,
                                           const std::string& container_name,
                                           const EndpointRequest& e, bool default_route) {
  std::lock_guard lock(mutex_);
  auto n = inspect(e.network);
  auto existing = store_.attachments_of_container(container_id);
  Attachment a;
  a.container_id = container_id;
  a.container_name = container_name;
  a.network_id = n.id;
  a.interface_name = "eth" + std::to_string(existing.size());
  a.ip = e.ip;
  a.aliases = e.aliases;
  a.aliases.push_back(short_id(container_id));
  a = store_.attach(n, a);
  try {
    ensure_host_side(n);
    backend_.attach(netns_path(container_id), n, a, default_route);
  } catch (...) {
    store_.detach(n.id, container_id);
    throw;
  }
  return a;
}

void NetworkManager::disconnect_running(const std::string& container_id, const NetworkRecord& n) {
  std::lock_guard lock(mutex_);
  for (const auto& a : store_.attachments_of_container(container_id)) {
    if (a.network_id != n.id) continue;
    backend_.detach(netns_path(container_id), n, a, false);
    store_.detach(n.id, container_id);
  }
}

void NetworkManager::disconnect_container(const std::string& container_id) {
  std::lock_guard lock(mutex_);
  auto attachments = store_.attachments_of_container(container_id);
  auto ports = store_.ports_of_container(container_id);
  if (!ports.empty() && !attachments.empty()) {
    if (auto n = store_.find(attachments.front().network_id)) {
      backend_.unpublish(*n, attachments.front().ip, ports);
    }
  }
  store_.release_ports(container_id);
  for (const auto& a : attachments) {
    if (auto n = store_.find(a.network_id)) backend_.detach(netns_path(container_id), *n, a, true);
    store_.detach(a.network_id, container_id);
  }
  backend_.remove_netns(netns_path(container_id));
}

std::vector<Attachment> NetworkManager::attachments_of_container(const std::string& id) {
  std::lock_guard lock(mutex_);
  return store_.attachments_of_container(id);
}

std::vector<PortBinding> NetworkManager::ports_of_container(const std::string& id) {
  std::lock_guard lock(mutex_);
  return store_.ports_of_container(id);
}

void NetworkManager::reset() {
  std::lock_guard lock(mutex_);
  for (const auto& n : store_.list()) {
    for (const auto& a : store_.attachments_of_network(n.id)) disconnect_container(a.container_id);
    remove_host_side(n);
    store_.remove(n.id);
  }
}

}  // namespace berth::network
