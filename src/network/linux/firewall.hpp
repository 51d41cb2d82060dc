#pragma once
// Berth's nftables table, `ip berth`, which Berth owns entirely: nothing else writes to it and
// Berth writes nowhere else.
//
// The rules are fixed; everything that belongs to one network or one container is an element
// of a set or a map (the bridges, the internal bridges, the subnets to masquerade, the
// published ports). So adding or removing a network or a port is an element add or delete in
// one atomic `nft -f` transaction: it never touches another network's state and needs no rule
// handles (which per-network rules or chains would), and rendering the base table again
// (flush and re-add of its own chains' rules) is idempotent and repairs a tampered table
// without losing any network or port.
//
// These functions only render scripts, so they are tested without root; apply_nft runs one.
#include <string>
#include <string_view>
#include <vector>

#include "network/network_record.hpp"

namespace berth::network {

inline constexpr const char* kNftTable = "berth";

// The table, its sets and maps, and its chains with their rules.
std::string render_base_table();
// The network's elements (its bridge; its subnet for masquerade unless internal).
std::string render_network_add(const NetworkRecord& network);
// Their removal; an element already gone is not an error (see render_unpublish).
std::string render_network_remove(const NetworkRecord& network);
// Forwards each port to `container_ip`: from every host address, or from its host_ip only.
// A host port already forwarded to another container fails the script ("File exists").
std::string render_publish(const std::string& container_ip, const std::vector<PortBinding>& ports);
// Stops forwarding them; missing ones are fine, but one forwarded to another container fails.
std::string render_unpublish(const std::string& container_ip,
                             const std::vector<PortBinding>& ports);
// Deletes the whole table; a missing table is fine.
std::string render_remove_table();

// Runs `nft -f -` with `script` on stdin, as one transaction. Throws NotFoundError when the
// table or a set is missing, Error otherwise, with nft's own message.
void apply_nft(std::string_view script);

}  // namespace berth::network
