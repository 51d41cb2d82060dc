#pragma once
// A service's attachment to a network (`networks: [front]` or `{front: {aliases, …}}`).
#include <string>
#include <vector>

namespace berth::compose {

struct ServiceNetwork {
  std::vector<std::string> aliases;
  std::string ipv4_address;
  std::string ipv6_address;
  int priority = 0;
  // `front:` with no value: printed as null, as compose does.
  bool empty() const {
    return aliases.empty() && ipv4_address.empty() && ipv6_address.empty() && priority == 0;
  }
};

}  // namespace berth::compose
