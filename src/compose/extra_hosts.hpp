#pragma once
// A service's extra_hosts as compose-go holds them (types/hostList.go, HostsList): entries
// `host=ip` or `host:ip` (the first `=` wins over `:`, so `host:::1` is host and ::1), several
// addresses after one host separated by commas, brackets around an address dropped
// (`[::1]` → ::1). Kept as `host=ip`, sorted, which is how compose-go prints them.
#include <string>
#include <vector>

#include "compose/node.hpp"

namespace berth::compose {

// The mapping form {host: ip} / {host: [ip, …]} as compose-go merges it (override/merge.go,
// convertIntoSequence): `host=ip` strings, sorted; a host without a value stays `host`.
void extra_hosts_mapping_to_list(Node& n, const std::string& path);

// The list form read into sorted `host=ip` entries.
std::vector<std::string> read_extra_hosts(const Node& n, const std::string& path);

}  // namespace berth::compose
