#pragma once
// Networks, IP leases and host-port bindings in berth.db (migration 6). Every allocation
// happens inside one write transaction, so concurrent berth processes never hand out the
// same address or port. Lookups accept a name, a full ID or a unique ID prefix, as Docker's.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "network/ipv4.hpp"
#include "network/network_record.hpp"
#include "store/database.hpp"

namespace berth::network {

class NetworkStore {
 public:
  explicit NetworkStore(store::Database& db);

  // Inserts `r`, filling an empty id (64 random hex), created (now) and bridge (the lowest
  // free berthN). An empty gateway becomes the subnet's first host. ConflictError when the
  // name or bridge is taken or the subnet overlaps a stored network's: the caller chose them
  // before taking the write lock, and may choose again.
  NetworkRecord create(NetworkRecord r);
  std::optional<NetworkRecord> find(std::string_view name_or_id);
  // NotFoundError "network X not found".
  NetworkRecord resolve(std::string_view name_or_id);
  std::vector<NetworkRecord> list();  // ordered by name
  // ConflictError while containers are attached.
  void remove(const std::string& id);

  // The lowest "berthN" no network uses.
  std::string next_bridge_name();
  // The first 10.89.N.0/24 overlapping neither a stored network nor `also_taken` (the host's
  // routes); InvalidArgumentError when all 256 are taken.
  std::string next_free_subnet(const std::vector<Ipv4Subnet>& also_taken);

  // Leases a.ip on `n` (the lowest free host that is not the gateway when a.ip is empty),
  // sets a.network_id and a.mac (02:42 + the address's bytes, Docker's scheme) and records it.
  // ConflictError when the container is already on `n` or the asked address is taken;
  // InvalidArgumentError when it is outside the subnet or `n` is full; NotFoundError when `n`
  // was removed meanwhile.
  Attachment attach(const NetworkRecord& n, Attachment a);
  // Releases the lease; a missing one is not an error.
  void detach(const std::string& network_id, const std::string& container_id);
  std::vector<Attachment> attachments_of_container(const std::string& container_id);
  std::vector<Attachment> attachments_of_network(const std::string& network_id);

  // Records allocated host ports (never 0), all or none. ConflictError "Bind for IP:PORT
  // failed: port is already allocated" when any row holds the protocol and port on the same
  // address, or either side is "" (every address). "0.0.0.0" is stored as "".
  void bind_ports(const std::string& container_id, const std::vector<PortBinding>& ports);
  std::vector<PortBinding> ports_of_container(const std::string& container_id);
  void release_ports(const std::string& container_id);
  // (container ID, binding) of every held port, ordered by port.
  std::vector<std::pair<std::string, PortBinding>> all_ports();

  // Docker's MAC for a container address: 02:42:0a:58:00:02 for 10.88.0.2.
  static std::string mac_for(Ipv4Address ip);
  // [a-zA-Z0-9][a-zA-Z0-9_.-]*, as NetworkRecord::name.
  static bool is_valid_name(std::string_view name);

 private:
  std::vector<NetworkRecord> query_networks(std::string_view where, const std::string& arg);
  std::vector<Attachment> query_attachments(std::string_view where, const std::string& arg);
  std::vector<Ipv4Subnet> stored_subnets();

  store::Database& db_;
};

}  // namespace berth::network
