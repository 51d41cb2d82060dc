#include "network/linux/linux_bridge_backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "base/error.hpp"
#include "network/ipv4.hpp"
#include "network/linux/command.hpp"
#include "network/linux/firewall.hpp"
#include "network/linux/netlink.hpp"
#include "network/linux/netns.hpp"
#include "network/linux/sysctl.hpp"

namespace berth::network {
namespace {

// `name` is `prefix` followed by one or more characters of `tail`.
bool named_like(std::string_view name, std::string_view prefix, std::string_view tail) {
  return name.size() > prefix.size() && name.starts_with(prefix) &&
         name.find_first_not_of(tail, prefix.size()) == std::string_view::npos;
}

std::vector<std::string> dns_names(const Attachment& a) {
  std::vector<std::string> names;
  auto add = [&](const std::string& name) {
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  };
  add(a.container_name);
  for (const auto& alias : a.aliases) add(alias);
  return names;
}

}  // namespace

std::string host_veth_name(std::string_view container_id, std::string_view interface_name) {
  constexpr size_t kIdDigits = 10;
  bool hex = container_id.size() >= kIdDigits &&
             std::all_of(container_id.begin(), container_id.begin() + kIdDigits, [](char c) {
               return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
             });
  if (!hex)
    throw InvalidArgumentError("invalid container ID \"" + std::string(container_id) + "\"");
  size_t digits = interface_name.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(interface_name[digits - 1]))) {
    --digits;
  }
  std::string_view number = interface_name.substr(digits);
  std::string suffix;
  if (!number.empty() && number.size() <= 3) {
    suffix = number;
  } else {
    // A name without a short number (a custom interface name): 3 hex digits of its FNV-1a.
    uint32_t hash = 2166136261u;
    for (char c : interface_name) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    suffix = fmt::format("{:03x}", hash & 0xfff);
  }
  return "vb" + std::string(container_id.substr(0, kIdDigits)) + suffix;
}

std::string gateway_cidr(const NetworkRecord& network) {
  auto [subnet, gateway] = with_context("network " + network.name, [&] {
    return std::pair{Ipv4Subnet::parse(network.subnet), Ipv4Address::parse(network.gateway)};
  });
  if (!subnet.contains(gateway)) {
    throw InvalidArgumentError(fmt::format("gateway {} of network {} is outside its subnet {}",
                                           network.gateway, network.name, network.subnet));
  }
  return fmt::format("{}/{}", gateway.to_string(), subnet.prefix_length());
}

LinuxBridgeBackend::LinuxBridgeBackend(std::filesystem::path run_dir,
                                       std::filesystem::path aardvark_binary)
    : dns_(std::move(run_dir), std::move(aardvark_binary)) {}

void LinuxBridgeBackend::ensure_network(const NetworkRecord& network) {
  if (network.driver != "bridge") {
    throw InvalidArgumentError("network " + network.name + ": driver \"" + network.driver +
                               "\" is not supported (bridge only)");
  }
  std::string gateway = gateway_cidr(network);
  // The firewall is set up with the bridge, the one thing cheap to check (netlink, no exec):
  // nft runs only when the bridge is missing (creation, or the first use after a reboot). It
  // runs first, so an interruption in between leaves no bridge and it runs again. A bridge
  // with IPv6 still on was set up by a Berth before the IPv6 and egress rules (ensure_bridge
  // turns it off last): its rules are rendered again too, at its next attach.
  if (!link_exists(network.bridge) || !ipv6_disabled(network.bridge)) {
    with_context("network " + network.name,
                 [&] { apply_nft(render_base_table() + render_network_add(network)); });
  }
  ensure_bridge(network.bridge, gateway);
}

void LinuxBridgeBackend::remove_network(const NetworkRecord& network) {
  try {
    apply_nft(render_network_remove(network));
  } catch (const NotFoundError&) {
    // The table is gone (a flushed ruleset, remove_all): so are the network's elements.
  }
  delete_link(network.bridge);
  dns_.remove_network(network);
  // The last network of the host (of every Berth root) takes the shared table with it, so a
  // host Berth no longer uses has no rule of ours. The caller holds the host's network lock.
  auto listed =
      run_process({find_program("nft", "nftables"), "list", "set", "ip", "berth", "bridges"});
  if (listed.exit_code == 0 && listed.output.find("elements") == std::string::npos) {
    apply_nft(render_remove_table());
  }
}

void LinuxBridgeBackend::create_netns(const std::filesystem::path& netns) {
  network::create_netns(netns);
}

void LinuxBridgeBackend::remove_netns(const std::filesystem::path& netns) {
  network::remove_netns(netns);
}

void LinuxBridgeBackend::attach(const std::filesystem::path& netns, const NetworkRecord& network,
                                const Attachment& a, bool default_route) {
  auto subnet =
      with_context("network " + network.name, [&] { return Ipv4Subnet::parse(network.subnet); });
  if (!subnet.contains(Ipv4Address::parse(a.ip))) {
    throw InvalidArgumentError(fmt::format("address {} is outside subnet {} of network {}", a.ip,
                                           network.subnet, network.name));
  }
  ContainerInterface c;
  c.bridge = network.bridge;
  c.host_name = host_veth_name(a.container_id, a.interface_name);
  c.name = a.interface_name;
  c.address = fmt::format("{}/{}", a.ip, subnet.prefix_length());
  c.mac = a.mac;
  if (default_route) c.gateway = network.gateway;
  add_container_interface(netns, c);
  if (!network.dns_enabled) return;
  try {
    dns_.add_record(network, {a.container_id, {a.ip}, {}, dns_names(a)});
  } catch (...) {
    delete_link(c.host_name);  // attach is all or nothing; the error goes on up
    throw;
  }
}

void LinuxBridgeBackend::detach(const std::filesystem::path& /*netns*/,
                                const NetworkRecord& network, const Attachment& a,
                                bool namespace_going_away) {
  // Deleting the host end deletes the container's end with it, wherever the namespace is.
  // It is the slow step (~20-35 ms here: the kernel waits out an RCU grace period to
  // unregister the pair), so when the namespace is removed next, that is left to the kernel's
  // own asynchronous teardown of the namespace.
  if (!namespace_going_away) delete_link(host_veth_name(a.container_id, a.interface_name));
  dns_.remove_record(network, a.container_id);
}

void LinuxBridgeBackend::publish(const NetworkRecord& network, const std::string& container_ip,
                                 const std::vector<PortBinding>& ports) {
  if (ports.empty()) return;
  std::string elements = render_publish(container_ip, ports);
  try {
    apply_nft(elements);
  } catch (const NotFoundError&) {
    // The table is gone (a ruleset flushed since the network was made): rebuild it here. Not
    // on every publish: re-rendering the base costs ~8 ms more than the elements' ~11 ms.
    apply_nft(render_base_table() + render_network_add(network) + elements);
  }
}

void LinuxBridgeBackend::unpublish(const NetworkRecord& /*network*/,
                                   const std::string& container_ip,
                                   const std::vector<PortBinding>& ports) {
  if (ports.empty()) return;
  try {
    apply_nft(render_unpublish(container_ip, ports));
  } catch (const NotFoundError&) {
    // The table is gone: nothing is published any more.
  }
}

void LinuxBridgeBackend::remove_all() {
  apply_nft(render_remove_table());
  std::vector<LinkInfo> links = list_links();
  // Veths first: a bridge deleted under them would only release them.
  for (const auto& link : links) {
    if (link.type == "veth" && named_like(link.name, "vb", "0123456789abcdef")) {
      delete_link(link.name);
    }
  }
  for (const auto& link : links) {
    if (link.type == "bridge" && named_like(link.name, "berth", "0123456789")) {
      delete_link(link.name);
    }
  }
  dns_.remove_all();
}

}  // namespace berth::network
