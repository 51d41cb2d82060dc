#include "network/network_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <random>
#include <set>

#include "base/error.hpp"
#include "base/json.hpp"
#include "base/time_format.hpp"

namespace berth::network {
namespace {

constexpr const char* kNetworkColumns =
    "SELECT id, name, driver, subnet, gateway, bridge, internal, dns_enabled, labels, created, "
    "options FROM networks ";
constexpr const char* kAttachmentColumns =
    "SELECT network_id, container_id, container_name, interface_name, ip, mac, aliases "
    "FROM network_attachments ";

std::string random_id() {
  std::random_device rd;
  std::uniform_int_distribution<int> nibble(0, 15);
  std::string id;
  for (int i = 0; i < 64; ++i) id.push_back("0123456789abcdef"[nibble(rd)]);
  return id;
}

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// "" and "0.0.0.0" both mean every host address; rows hold "".
std::string stored_host_ip(const std::string& ip) {
  return ip == "0.0.0.0" ? std::string() : ip;
}

}  // namespace

NetworkStore::NetworkStore(store::Database& db) : db_(db) {}

bool NetworkStore::is_valid_name(std::string_view name) {
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

std::string NetworkStore::mac_for(Ipv4Address ip) {
  return fmt::format("02:42:{:02x}:{:02x}:{:02x}:{:02x}", ip.octet(0), ip.octet(1), ip.octet(2),
                     ip.octet(3));
}

std::vector<NetworkRecord> NetworkStore::query_networks(std::string_view where,
                                                        const std::string& arg) {
  store::Statement st(db_, std::string(kNetworkColumns) + std::string(where));
  if (!arg.empty()) st.bind(1, arg);
  std::vector<NetworkRecord> out;
  while (st.step()) {
    NetworkRecord n;
    n.id = st.column_text(0);
    n.name = st.column_text(1);
    n.driver = st.column_text(2);
    n.subnet = st.column_text(3);
    n.gateway = st.column_text(4);
    n.bridge = st.column_text(5);
    n.internal = st.column_int(6) != 0;
    n.dns_enabled = st.column_int(7) != 0;
    n.labels = Json::parse(st.column_text(8)).get<std::map<std::string, std::string>>();
    n.created = st.column_text(9);
    n.options = Json::parse(st.column_text(10)).get<std::map<std::string, std::string>>();
    out.push_back(std::move(n));
  }
  return out;
}

std::vector<Attachment> NetworkStore::query_attachments(std::string_view where,
                                                        const std::string& arg) {
  store::Statement st(db_, std::string(kAttachmentColumns) + std::string(where));
  st.bind(1, arg);
  std::vector<Attachment> out;
  while (st.step()) {
    Attachment a;
    a.network_id = st.column_text(0);
    a.container_id = st.column_text(1);
    a.container_name = st.column_text(2);
    a.interface_name = st.column_text(3);
    a.ip = st.column_text(4);
    a.mac = st.column_text(5);
    a.aliases = Json::parse(st.column_text(6)).get<std::vector<std::string>>();
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<Ipv4Subnet> NetworkStore::stored_subnets() {
  std::vector<Ipv4Subnet> out;
  store::Statement st(db_, "SELECT subnet FROM networks");
  while (st.step()) out.push_back(Ipv4Subnet::parse(st.column_text(0)));
  return out;
}

NetworkRecord NetworkStore::create(NetworkRecord r) {
  if (!is_valid_name(r.name)) {
    throw InvalidArgumentError("invalid network name \"" + r.name +
                               "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  }
  auto subnet = Ipv4Subnet::parse(r.subnet);
  r.subnet = subnet.to_string();
  if (r.gateway.empty()) r.gateway = subnet.first_host().to_string();
  if (!subnet.is_host(Ipv4Address::parse(r.gateway))) {
    throw InvalidArgumentError("no matching subnet for gateway " + r.gateway);
  }
  if (r.id.empty()) r.id = random_id();
  if (r.created.empty()) r.created = rfc3339_now();
  // Checked under the write lock: two processes creating at once see each other's rows.
  db_.write_transaction([&] {
    store::Statement taken(db_, "SELECT 1 FROM networks WHERE name = ?1");
    taken.bind_all(r.name);
    if (taken.step()) throw ConflictError("network with name " + r.name + " already exists");
    for (const auto& other : stored_subnets()) {
      if (subnet.overlaps(other)) {
        throw ConflictError(
            "invalid pool request: Pool overlaps with other one on this address space");
      }
    }
    if (r.bridge.empty()) {
      r.bridge = next_bridge_name();
    } else {
      store::Statement bridge(db_, "SELECT name FROM networks WHERE bridge = ?1");
      bridge.bind_all(r.bridge);
      if (bridge.step()) {
        throw ConflictError("bridge " + r.bridge + " is already used by network " +
                            bridge.column_text(0));
      }
    }
    store::Statement st(db_,
                        "INSERT INTO networks(id, name, driver, subnet, gateway, bridge, internal, "
                        "dns_enabled, labels, created, options) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    st.bind_all(r.id, r.name, r.driver, r.subnet, r.gateway, r.bridge, r.internal ? 1 : 0,
                r.dns_enabled ? 1 : 0, Json(r.labels).dump(), r.created, Json(r.options).dump());
    st.run();
  });
  return r;
}

std::optional<NetworkRecord> NetworkStore::find(std::string_view text) {
  std::string s(text);
  if (s.empty()) return std::nullopt;
  if (auto by_id = query_networks("WHERE id = ?1", s); !by_id.empty()) return by_id.front();
  if (auto by_name = query_networks("WHERE name = ?1", s); !by_name.empty()) {
    return by_name.front();
  }
  if (!is_hex(s)) return std::nullopt;
  auto matches = query_networks("WHERE substr(id, 1, length(?1)) = ?1", s);
  if (matches.size() > 1) {
    throw InvalidArgumentError("network " + s + " is ambiguous (" + std::to_string(matches.size()) +
                               " matches found based on ID prefix)");
  }
  if (matches.empty()) return std::nullopt;
  return matches.front();
}

NetworkRecord NetworkStore::resolve(std::string_view text) {
  if (auto n = find(text)) return *n;
  throw NotFoundError("network " + std::string(text) + " not found");
}

std::vector<NetworkRecord> NetworkStore::list() {
  return query_networks("ORDER BY name", "");
}

void NetworkStore::remove(const std::string& id) {
  db_.write_transaction([&] {
    store::Statement used(db_, "SELECT count(*) FROM network_attachments WHERE network_id = ?1");
    used.bind_all(id);
    used.step();
    if (used.column_int(0) > 0) {
      auto n = query_networks("WHERE id = ?1", id);
      throw ConflictError("error while removing network: network " +
                          (n.empty() ? id : n.front().name) + " id " + id +
                          " has active endpoints");
    }
    store::Statement st(db_, "DELETE FROM networks WHERE id = ?1");
    st.bind_all(id);
    st.run();
  });
}

std::string NetworkStore::next_bridge_name() {
  std::set<std::string> used;
  store::Statement st(db_, "SELECT bridge FROM networks");
  while (st.step()) used.insert(st.column_text(0));
  for (int n = 0;; ++n) {
    std::string name = "berth" + std::to_string(n);
    if (!used.count(name)) return name;
  }
}

std::string NetworkStore::next_free_subnet(const std::vector<Ipv4Subnet>& also_taken) {
  auto taken = stored_subnets();
  taken.insert(taken.end(), also_taken.begin(), also_taken.end());
  for (uint32_t n = 0; n < 256; ++n) {
    Ipv4Subnet candidate(Ipv4Address((10u << 24) | (89u << 16) | (n << 8)), 24);
    bool free = std::none_of(taken.begin(), taken.end(),
                             [&](const Ipv4Subnet& t) { return candidate.overlaps(t); });
    if (free) return candidate.to_string();
  }
  throw InvalidArgumentError(
      "could not find an available, non-overlapping IPv4 address pool among the defaults to "
      "assign to the network");
}

Attachment NetworkStore::attach(const NetworkRecord& n, Attachment a) {
  auto subnet = Ipv4Subnet::parse(n.subnet);
  auto gateway = Ipv4Address::parse(n.gateway);
  std::optional<Ipv4Address> wanted;
  if (!a.ip.empty()) {
    wanted = Ipv4Address::parse(a.ip);
    if (!subnet.is_host(*wanted)) {
      throw InvalidArgumentError("no configured subnet or ip-range contain the IP address " + a.ip);
    }
  }
  a.network_id = n.id;
  db_.write_transaction([&] {
    if (query_networks("WHERE id = ?1", n.id).empty()) {
      throw NotFoundError("network " + n.name + " not found");
    }
    store::Statement dup(db_,
                         "SELECT 1 FROM network_attachments WHERE network_id = ?1 AND "
                         "container_id = ?2");
    dup.bind_all(n.id, a.container_id);
    if (dup.step()) {
      throw ConflictError("endpoint with name " + a.container_name + " already exists in network " +
                          n.name);
    }
    std::set<uint32_t> used{gateway.value()};
    store::Statement leases(db_, "SELECT ip FROM network_attachments WHERE network_id = ?1");
    leases.bind_all(n.id);
    while (leases.step()) used.insert(Ipv4Address::parse(leases.column_text(0)).value());
    if (wanted) {
      if (used.count(wanted->value())) throw ConflictError("Address already in use");
    } else {
      // Lowest free host: leases are few next to the subnet, so a linear walk is cheap.
      for (uint64_t i = 1; i <= subnet.host_count() && !wanted; ++i) {
        auto candidate = subnet.nth_host(i);
        if (!used.count(candidate.value())) wanted = candidate;
      }
      if (!wanted) {
        throw InvalidArgumentError("no available IPv4 addresses on this network's address pools: " +
                                   n.name);
      }
    }
    a.ip = wanted->to_string();
    a.mac = mac_for(*wanted);
    store::Statement st(db_,
                        "INSERT INTO network_attachments(network_id, container_id, "
                        "container_name, interface_name, ip, mac, aliases) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind_all(a.network_id, a.container_id, a.container_name, a.interface_name, a.ip, a.mac,
                Json(a.aliases).dump());
    st.run();
  });
  return a;
}

void NetworkStore::detach(const std::string& network_id, const std::string& container_id) {
  db_.write_transaction([&] {
    store::Statement st(db_,
                        "DELETE FROM network_attachments WHERE network_id = ?1 AND "
                        "container_id = ?2");
    st.bind_all(network_id, container_id);
    st.run();
  });
}

std::vector<Attachment> NetworkStore::attachments_of_container(const std::string& container_id) {
  return query_attachments("WHERE container_id = ?1 ORDER BY rowid", container_id);
}

std::vector<Attachment> NetworkStore::attachments_of_network(const std::string& network_id) {
  return query_attachments("WHERE network_id = ?1 ORDER BY rowid", network_id);
}

void NetworkStore::bind_ports(const std::string& container_id,
                              const std::vector<PortBinding>& ports) {
  db_.write_transaction([&] {
    for (const auto& p : ports) {
      if (p.host_port == 0) {
        throw Error("bind ports of " + container_id + ": host port 0 was never allocated");
      }
      std::string ip = stored_host_ip(p.host_ip);
      // Rows inserted earlier in this loop count too: -p 8080:80 -p 8080:81 conflicts.
      store::Statement held(db_,
                            "SELECT 1 FROM port_bindings WHERE protocol = ?1 AND host_port = ?2 "
                            "AND (host_ip = ?3 OR host_ip = '' OR ?3 = '')");
      held.bind_all(p.protocol, static_cast<int64_t>(p.host_port), ip);
      if (held.step()) {
        throw ConflictError("Bind for " + (ip.empty() ? std::string("0.0.0.0") : ip) + ":" +
                            std::to_string(p.host_port) + " failed: port is already allocated");
      }
      store::Statement st(db_,
                          "INSERT INTO port_bindings(container_id, protocol, host_ip, host_port, "
                          "container_port) VALUES (?1, ?2, ?3, ?4, ?5)");
      st.bind_all(container_id, p.protocol, ip, static_cast<int64_t>(p.host_port),
                  static_cast<int64_t>(p.container_port));
      st.run();
    }
  });
}

std::vector<PortBinding> NetworkStore::ports_of_container(const std::string& container_id) {
  store::Statement st(db_,
                      "SELECT protocol, host_ip, host_port, container_port FROM port_bindings "
                      "WHERE container_id = ?1 ORDER BY rowid");
  st.bind_all(container_id);
  std::vector<PortBinding> out;
  while (st.step()) {
    out.push_back({st.column_text(0), st.column_text(1), static_cast<uint16_t>(st.column_int(2)),
                   static_cast<uint16_t>(st.column_int(3))});
  }
  return out;
}

void NetworkStore::release_ports(const std::string& container_id) {
  db_.write_transaction([&] {
    store::Statement st(db_, "DELETE FROM port_bindings WHERE container_id = ?1");
    st.bind_all(container_id);
    st.run();
  });
}

std::vector<std::pair<std::string, PortBinding>> NetworkStore::all_ports() {
  store::Statement st(db_,
                      "SELECT container_id, protocol, host_ip, host_port, container_port "
                      "FROM port_bindings ORDER BY host_port, protocol, host_ip");
  std::vector<std::pair<std::string, PortBinding>> out;
  while (st.step()) {
    out.emplace_back(st.column_text(0), PortBinding{st.column_text(1), st.column_text(2),
                                                    static_cast<uint16_t>(st.column_int(3)),
                                                    static_cast<uint16_t>(st.column_int(4))});
  }
  return out;
}

bool NetworkRecord::host_access() const {
  auto it = options.find(kHostAccessOption);
  return it == options.end() || it->second != "false";
}

bool NetworkRecord::private_egress() const {
  auto it = options.find(kPrivateEgressOption);
  if (it == options.end()) return host_access();  // a Space network made before the option
  return it->second != "false";
}

}  // namespace berth::network
