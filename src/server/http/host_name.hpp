#pragma once
// The name a Host header gives, for comparing hosts: the router's, the cookie filter's.
#include <string>
#include <string_view>

namespace berth::server {

// The Host header without its port and trailing dot, lowercase; IPv6 keeps its brackets.
std::string host_without_port(std::string_view host);

}  // namespace berth::server
