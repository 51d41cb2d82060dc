#pragma once
// Networks as Docker's CLI sees them: create/ls/inspect/rm/prune, and a container's
// connections, made when it starts and undone when it stops. The manager decides (IP leases,
// host ports, DNS names) and records that in berth.db; the backend makes the host match.
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "network/network_backend.hpp"
#include "network/network_record.hpp"
#include "network/network_store.hpp"
#include "store/file_lock.hpp"

namespace berth::network {

struct CreateOptions {
  std::string name;
  std::optional<std::string> subnet, gateway;
  bool internal = false;
  std::map<std::string, std::string> labels;
  // -o: kHostAccessOption and kPrivateEgressOption (true|false)
  std::map<std::string, std::string> options;
};

// What a started container got: where its namespace is and what to write into its
// /etc/hosts and /etc/resolv.conf.
struct ContainerNetworking {
  std::filesystem::path netns;
  std::vector<Attachment> attachments;   // in the order asked
  std::vector<PortBinding> ports;        // host ports allocated
  std::vector<std::string> dns_servers;  // the gateways of networks with DNS; empty = host's
  std::vector<std::string> search_domains;
};

class NetworkManager {
 public:
  NetworkManager(store::Database& db, NetworkBackend& backend, std::filesystem::path run_dir);

  NetworkRecord create(const CreateOptions& options);
  // The network `run` uses by default, made on first use: 10.88.0.0/16 unless the host
  // already routes into it, then the next free 10.89.N.0/24.
  NetworkRecord ensure_default();
  // The network for untrusted builds' RUN steps (kBuildNetworkName), made on first use:
  // no host access, no link-local or private egress, DNS on its gateway, public internet
  // through NAT. Also what inspect, and so connect_container, resolve kBuildNetworkName to.
  // Refuses (ConflictError) a network of that name that is less closed.
  NetworkRecord ensure_build_network();
  std::vector<NetworkRecord> list();
  NetworkRecord inspect(const std::string& name_or_id);
  std::vector<Attachment> attachments_of_network(const NetworkRecord& n);
  // Refuses while containers are attached (Docker's "has active endpoints").
  void remove(const std::string& name_or_id);
  // Removes user networks no container uses; returns their names.
  std::vector<std::string> prune();
  // True for the names that mean the default network: "bridge", "default" and "berth".
  static bool is_default_name(const std::string& name);
  // The default names and kBuildNetworkName: Berth makes them; `network create` refuses them
  // and prune keeps them.
  static bool is_predefined_name(const std::string& name);
  // Docker's rule for network names: [a-zA-Z0-9][a-zA-Z0-9_.-]*.
  static bool is_valid_name(const std::string& name);

  // Makes the container's network namespace and connects it to `endpoints` (the first one
  // gets the default route), publishing `ports` (host_port 0: a free one is chosen). All or
  // nothing: on failure whatever was made is undone before the error propagates.
  ContainerNetworking connect_container(const std::string& container_id,
                                        const std::string& container_name,
                                        const std::vector<EndpointRequest>& endpoints,
                                        const std::vector<PortBinding>& ports);
  // Connects a running container to one more network (network connect).
  Attachment connect_running(const std::string& container_id, const std::string& container_name,
                             const EndpointRequest& endpoint, bool default_route);
  void disconnect_running(const std::string& container_id, const NetworkRecord& n);
  // Undoes connect_container: ports, interfaces, DNS names, leases, the namespace. Idempotent
  // (called at every exit, stop and rm, and for containers found dead after a reboot).
  void disconnect_container(const std::string& container_id);

  std::vector<Attachment> attachments_of_container(const std::string& container_id);
  std::vector<PortBinding> ports_of_container(const std::string& container_id);
  std::filesystem::path netns_path(const std::string& container_id) const;
  // Where a container's namespace lives under `run_dir`, for callers without a manager.
  static std::filesystem::path netns_path(const std::filesystem::path& run_dir,
                                          const std::string& container_id);

  // system reset: every network of this root, its leases and what the backend made for it
  // (other roots on the same host keep theirs).
  void reset();

 private:
  // create after the checks of user input: a subnet, a name, the store row.
  NetworkRecord create_record(const CreateOptions& options);
  // The backend's per-network objects are shared by every process on the host.
  store::FileLock host_lock();
  // The first port of range.host_port…host_port_last that no container holds (nor
  // `taken_here`, this start's earlier bindings) and nothing on the host listens on.
  uint16_t pick_port_in_range(const PortBinding& range, const std::vector<PortBinding>& taken_here);
  void ensure_host_side(const NetworkRecord& n);
  void remove_host_side(const NetworkRecord& n);

  // The builder connects RUN steps of parallel stages from several threads; the store's one
  // connection and the backend are used by one of them at a time.
  std::recursive_mutex mutex_;
  NetworkStore store_;
  NetworkBackend& backend_;
  std::filesystem::path run_dir_;
};

}  // namespace berth::network
