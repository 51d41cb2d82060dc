#include "build/executor/build_network.hpp"

#include <cstdio>
#include <random>

#include "base/error.hpp"
#include "network/network_record.hpp"

namespace berth::build {
namespace {

// 24 random hex digits: a name for a build's network attachment.
std::string random_hex24() {
  std::random_device rd;
  std::uniform_int_distribution<int> nibble(0, 15);
  std::string s;
  for (int i = 0; i < 24; ++i) s.push_back("0123456789abcdef"[nibble(rd)]);
  return s;
}

}  // namespace

std::string build_bridge_network(const BuildPolicy& policy) {
  return policy.public_fetches_only() ? network::kBuildNetworkName : "bridge";
}

TempDir fetch_git_for_build(const GitSource& git, bool keep_git_dir, const BuildPolicy& policy,
                            const std::string& default_network, network::NetworkManager* networks) {
  GitFetchSandbox sandbox;
  sandbox.public_addresses_only = policy.public_fetches_only();
  sandbox.pass_proxy_environment = !policy.tenant_build();
  if (!policy.tenant_build()) return checkout_git(git, keep_git_dir, sandbox);
  if (!networks || default_network != "bridge") {
    throw Error(
        "ADD of a git repository in a Space build needs the build network (it is "
        "not supported with --network " +
        default_network + ")");
  }
  std::string id = random_hex24();
  auto networking = networks->connect_container(id, "build-git-" + id,
                                                {{build_bridge_network(policy), {}, ""}}, {});
  struct Release {
    network::NetworkManager* networks;
    std::string id;
    ~Release() {
      try {
        networks->disconnect_container(id);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "warning: release the network of a git fetch: %s\n", e.what());
      }
    }
  } release{networks, id};
  sandbox.netns = networking.netns;
  return checkout_git(git, keep_git_dir, sandbox);
}

}  // namespace berth::build
