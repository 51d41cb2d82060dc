#pragma once
// How a container resolves names beyond its networks: --add-host entries for /etc/hosts and
// --dns/--dns-search/--dns-option for /etc/resolv.conf, validated as Docker's CLI does.
#include <string>

namespace berth::runtime {

// The --add-host address Docker replaces with the host's address on the default bridge.
inline constexpr const char* kHostGateway = "host-gateway";

struct ExtraHost {
  std::string name;
  std::string ip;  // an address, or kHostGateway
};

// Docker's ValidateExtraHost: "name:ip" or "name=ip", the address optionally in brackets
// ("[::1]"), returned as "name:ip". Throws InvalidArgumentError (125): `bad format for
// add-host: "X"`, `invalid IP address in add-host: "X"`.
std::string validate_extra_host(const std::string& text);

// A validated "name:ip" split at its first colon (the address may be IPv6).
ExtraHost split_extra_host(const std::string& entry);

// --dns: an IPv4 or IPv6 address, returned in canonical form. Throws InvalidArgumentError
// (125) "IP address is not correctly formatted: X".
std::string validate_dns_server(const std::string& text);

// --dns-search: a domain (its trailing dot dropped), or "." for no search domain. Throws
// InvalidArgumentError (125) "X is not a valid domain".
std::string validate_dns_search(const std::string& text);

}  // namespace berth::runtime
