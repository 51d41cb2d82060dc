#pragma once
// Host ports seen from the host's socket table: published ports must be free there too, or
// the DNAT would silently steal a running service's traffic.
#include <cstdint>
#include <string>

#include "network/network_record.hpp"

namespace berth::network {

// Throws ConflictError in Docker's words ("... bind: address already in use") when a socket
// of the binding's protocol is bound to the port on its address (or on any address).
void check_host_port_free(const PortBinding& binding);
// A port the kernel considers free for `protocol` on `host_ip` (its ephemeral range).
uint16_t pick_free_host_port(const std::string& protocol, const std::string& host_ip);

}  // namespace berth::network
