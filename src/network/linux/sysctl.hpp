#pragma once
// The per-interface settings Berth writes under /proc/sys/net. /proc/sys/net shows the network
// namespace of the thread that opens it, so called inside run_in_netns they act there.
#include <string>
#include <string_view>

namespace berth::network {

void write_sysctl(const std::string& path, std::string_view value);

// Turns IPv6 off on `interface` ("default": interfaces made later in this namespace). A
// kernel without IPv6 has nothing to turn off.
void disable_ipv6(const std::string& interface);
// Whether IPv6 is off on `interface` (true on a kernel without IPv6; false if it is missing).
bool ipv6_disabled(const std::string& interface);

}  // namespace berth::network
