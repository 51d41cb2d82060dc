#include "network/linux/firewall.hpp"

#include <fmt/format.h>

#include <cctype>

#include "base/error.hpp"
#include "network/ipv4.hpp"
#include "network/linux/command.hpp"

namespace berth::network {
namespace {

// The base chains. Rules refer to the sets by name only, so they never change with networks.
constexpr const char* kChains = R"(add chain ip berth publish
add chain ip berth prerouting { type nat hook prerouting priority dstnat; policy accept; }
add chain ip berth output { type nat hook output priority -100; policy accept; }
add chain ip berth postrouting { type nat hook postrouting priority srcnat; policy accept; }
add chain ip berth forward { type filter hook forward priority filter; policy accept; }
add chain ip berth input { type filter hook input priority filter; policy accept; }
add chain ip berth guard { type filter hook prerouting priority raw; policy accept; }
flush chain ip berth publish
flush chain ip berth prerouting
flush chain ip berth output
flush chain ip berth postrouting
flush chain ip berth forward
flush chain ip berth input
flush chain ip berth guard
)";

// Published ports: DNAT whatever is addressed to one of the host's own addresses, whether it
// comes in (prerouting) or is made here (output: 127.0.0.1:PORT and the host's own addresses).
// A port bound to one host address wins over one bound to all.
//
// postrouting: localhost publishing gives packets a 127.0.0.1 source, which the container
// could not answer: masquerade them to the bridge's address. Traffic DNATed from one bridge
// back into a bridge (hairpin: a container reaching a port published by a neighbour through
// the host's address) is masqueraded too, or the answer would bypass the host's conntrack.
// Containers' own traffic to the outside is masqueraded unless the network is internal.
//
// forward: traffic within one bridge (hairpin, or any with br_netfilter loaded) is fine;
// nothing enters or leaves an internal network; bridges are isolated from each other except
// through published ports (DNAT), which the whole host can reach anyway.
//
// forward, for a network without host access: nothing DNATed, i.e. no port the host
// publishes (those are the host's services too), except its own containers' (hairpin, above).
// Without private egress (a Space's, by default): nothing to link-local (169.254.0.0/16, cloud
// metadata) or private ranges (RFC 1918, CGNAT); its own subnet stays reachable (the bridge
// loop above), and so do published ports where host access allows them (DNAT).
//
// input: a network without host access (a Space's) reaches the host only for its DNS server
// on the gateway (an address of the bridge it came in by) and for answers to what the host
// started; the server's API and every other host service are closed to it, on every host
// address.
//
// guard (prerouting, before conntrack and NAT): nothing from a bridge to 127.0.0.0/8. The
// bridges have route_localnet on (for ports published on 127.0.0.1), which would otherwise
// let a container with CAP_NET_RAW reach the host's loopback services and loopback-only
// published ports by addressing 127.0.0.1 to its gateway's MAC. Answers to connections the
// host DNATed from 127.0.0.1 are masqueraded to the bridge address, so none is lost.
//
// IPv6 is not filtered here: Berth's networks are IPv4 only, and IPv6 is off on their bridges
// and on the containers' interfaces (netlink.cpp, netns.cpp), so no IPv6 packet is routed.
constexpr const char* kRules =
    R"(add rule ip berth publish dnat ip to meta l4proto . ip daddr . th dport map @ports_addr
add rule ip berth publish dnat ip to meta l4proto . th dport map @ports_any
add rule ip berth prerouting fib daddr type local jump publish
add rule ip berth output fib daddr type local jump publish
add rule ip berth postrouting oifname @bridges ct status dnat ip saddr 127.0.0.0/8 masquerade
add rule ip berth postrouting oifname @bridges iifname @bridges ct status dnat masquerade
add rule ip berth postrouting ip saddr @nat_sources oifname != @bridges masquerade
add rule ip berth forward iifname . oifname @bridge_loops accept
add rule ip berth forward iifname @internal_bridges drop
add rule ip berth forward oifname @internal_bridges drop
add rule ip berth forward ct state established,related accept
add rule ip berth forward iifname @no_host_bridges ct status dnat drop
add rule ip berth forward iifname @no_private_bridges ct status & dnat == 0 ip daddr { 10.0.0.0/8, 100.64.0.0/10, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16 } drop
add rule ip berth forward iifname @bridges oifname @bridges ct status & dnat == 0 drop
add rule ip berth input iifname @no_host_bridges ct state established,related accept
add rule ip berth input iifname @no_host_bridges fib daddr . iif type local meta l4proto { tcp, udp } th dport 53 accept
add rule ip berth input iifname @no_host_bridges drop
add rule ip berth guard iifname @bridges ip daddr 127.0.0.0/8 drop
)";

// `add` of an existing identical set or element is a no-op, `delete` of a missing one an
// error (nft 1.0.6 has no `destroy`): so removals add the element first, in the same
// transaction, which makes them idempotent without ignoring errors.

std::string quoted_ifname(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 15;
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-');
  }
  if (!ok) throw InvalidArgumentError("invalid bridge name \"" + name + "\"");
  return "\"" + name + "\"";
}

std::string subnet_of(const NetworkRecord& network) {
  return with_context("network " + network.name,
                      [&] { return Ipv4Subnet::parse(network.subnet).to_string(); });
}

std::vector<std::string> network_elements(const NetworkRecord& network) {
  std::string bridge = quoted_ifname(network.bridge);
  std::vector<std::string> elements = {
      "bridges { " + bridge + " }",
      "bridge_loops { " + bridge + " . " + bridge + " }",
  };
  if (network.internal) {
    elements.push_back("internal_bridges { " + bridge + " }");
  } else {
    elements.push_back("nat_sources { " + subnet_of(network) + " }");
  }
  if (!network.host_access()) elements.push_back("no_host_bridges { " + bridge + " }");
  if (!network.private_egress()) elements.push_back("no_private_bridges { " + bridge + " }");
  return elements;
}

std::string protocol_of(const PortBinding& port) {
  if (port.protocol == "tcp" || port.protocol == "udp" || port.protocol == "sctp") {
    return port.protocol;
  }
  throw InvalidArgumentError("invalid protocol \"" + port.protocol + "\" (tcp, udp or sctp)");
}

struct PortElements {
  std::vector<std::string> any_keys, any_elements;    // map ports_any
  std::vector<std::string> addr_keys, addr_elements;  // map ports_addr
};

PortElements port_elements(const std::string& container_ip, const std::vector<PortBinding>& ports) {
  std::string target = Ipv4Address::parse(container_ip).to_string();
  PortElements out;
  for (const auto& port : ports) {
    std::string proto = protocol_of(port);
    if (port.host_port == 0 || port.container_port == 0) {
      throw InvalidArgumentError(fmt::format("invalid port mapping {}:{}/{} (ports start at 1)",
                                             port.host_port, port.container_port, proto));
    }
    std::string value = fmt::format("{} . {}", target, port.container_port);
    if (port.host_ip.empty() || port.host_ip == "0.0.0.0") {
      std::string key = fmt::format("{} . {}", proto, port.host_port);
      out.any_keys.push_back(key);
      out.any_elements.push_back(key + " : " + value);
    } else {
      auto host = Ipv4Address::try_parse(port.host_ip);
      if (!host) {
        throw InvalidArgumentError("invalid host address \"" + port.host_ip +
                                   "\" for a published port (IPv4 only)");
      }
      std::string key = fmt::format("{} . {} . {}", proto, host->to_string(), port.host_port);
      out.addr_keys.push_back(key);
      out.addr_elements.push_back(key + " : " + value);
    }
  }
  return out;
}

std::string element_line(std::string_view verb, std::string_view set,
                         const std::vector<std::string>& elements) {
  if (elements.empty()) return "";
  return fmt::format("{} element ip berth {} {{ {} }}\n", verb, set, fmt::join(elements, ", "));
}

}  // namespace

std::string render_base_table() {
  std::string script =
      "add table ip berth { comment \"Berth's networks; managed by berth, do not edit\"; }\n"
      "add set ip berth bridges { type ifname; }\n"
      "add set ip berth internal_bridges { type ifname; }\n"
      "add set ip berth no_host_bridges { type ifname; }\n"
      "add set ip berth no_private_bridges { type ifname; }\n"
      "add set ip berth bridge_loops { type ifname . ifname; }\n"
      "add set ip berth nat_sources { type ipv4_addr; flags interval; }\n"
      "add map ip berth ports_any { type inet_proto . inet_service : ipv4_addr . inet_service; }\n"
      "add map ip berth ports_addr { type inet_proto . ipv4_addr . inet_service : "
      "ipv4_addr . inet_service; }\n";
  script += kChains;
  script += kRules;
  return script;
}

std::string render_network_add(const NetworkRecord& network) {
  std::string script;
  for (const auto& element : network_elements(network))
    script += "add element ip berth " + element + "\n";
  return script;
}

std::string render_network_remove(const NetworkRecord& network) {
  std::string script;
  for (const auto& element : network_elements(network)) {
    script += "add element ip berth " + element + "\n";
    script += "delete element ip berth " + element + "\n";
  }
  return script;
}

std::string render_publish(const std::string& container_ip, const std::vector<PortBinding>& ports) {
  PortElements e = port_elements(container_ip, ports);
  return element_line("add", "ports_any", e.any_elements) +
         element_line("add", "ports_addr", e.addr_elements);
}

std::string render_unpublish(const std::string& container_ip,
                             const std::vector<PortBinding>& ports) {
  PortElements e = port_elements(container_ip, ports);
  return element_line("add", "ports_any", e.any_elements) +
         element_line("delete", "ports_any", e.any_keys) +
         element_line("add", "ports_addr", e.addr_elements) +
         element_line("delete", "ports_addr", e.addr_keys);
}

std::string render_remove_table() {
  return "add table ip berth\ndelete table ip berth\n";
}

void apply_nft(std::string_view script) {
  if (script.empty()) return;
  ProcessResult result =
      run_process({find_program("nft", "nftables"), "-f", "-"}, {.stdin_data = script});
  if (result.exit_code == 0) return;
  std::string message = result.output;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (message.empty()) message = fmt::format("exit status {}", result.exit_code);
  std::string text = "apply nftables rules (table ip berth): " + message;
  if (message.find("No such file or directory") != std::string::npos) throw NotFoundError(text);
  throw Error(text);
}

}  // namespace berth::network
