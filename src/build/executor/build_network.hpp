#pragma once
// Where a build's own network traffic goes: the network RUN steps join with --network=bridge,
// and the network namespace a Space build's ADD of a git repository fetches from.
#include <string>

#include "base/fs.hpp"
#include "build/executor/build_policy.hpp"
#include "build/executor/git_checkout.hpp"
#include "network/network_manager.hpp"

namespace berth::build {

// The reserved build network (closed to private addresses and the host) unless the admin
// allowed this build network.private; then the default bridge.
std::string build_bridge_network(const BuildPolicy& policy);

// A Space's git fetch runs in a network namespace of the build network's (not the host's: its
// loopback and the server stay out of reach) and only towards public addresses; the admin's
// runs on the host's network, as BuildKit's does. Both as nobody (git_checkout.hpp).
// `default_network`: the build's --network; `networks`: null when bridge networks are off.
TempDir fetch_git_for_build(const GitSource& git, bool keep_git_dir, const BuildPolicy& policy,
                            const std::string& default_network, network::NetworkManager* networks);

}  // namespace berth::build
