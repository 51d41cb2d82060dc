#include "network/network_schema.hpp"

namespace berth::network {

const store::Schema& network_schema() {
  // Versions 1-2 were berth.db's global migrations 6, 8 (store/legacy_schema_version).
  static const store::Schema kSchema{
      .name = "networks",
      .dependencies = {},
      .migrations =
          {
              {1, "networks", R"sql(
        -- Bridge networks: one host bridge each, with its subnet and gateway (the bridge's
        -- own address). Labels are a JSON object.
        CREATE TABLE networks (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL UNIQUE,
          driver      TEXT NOT NULL DEFAULT 'bridge',
          subnet      TEXT NOT NULL,
          gateway     TEXT NOT NULL,
          bridge      TEXT NOT NULL UNIQUE,
          internal    INTEGER NOT NULL DEFAULT 0,
          dns_enabled INTEGER NOT NULL DEFAULT 0,
          labels      TEXT NOT NULL DEFAULT '{}',
          created     TEXT NOT NULL
        );
        -- A container's place on a network: the IPAM state. UNIQUE(network_id, ip) is what
        -- keeps two processes from handing out one address. No foreign key to containers:
        -- the network manager releases these rows when a container goes. Aliases are a JSON
        -- array.
        CREATE TABLE network_attachments (
          network_id     TEXT NOT NULL REFERENCES networks(id),
          container_id   TEXT NOT NULL,
          container_name TEXT NOT NULL,
          interface_name TEXT NOT NULL,
          ip             TEXT NOT NULL,
          mac            TEXT NOT NULL,
          aliases        TEXT NOT NULL DEFAULT '[]',
          PRIMARY KEY (network_id, container_id),
          UNIQUE (network_id, ip)
        );
        CREATE INDEX network_attachments_container ON network_attachments(container_id);
        -- Host ports held by containers (allocated, never 0). host_ip '' is every address;
        -- the store also refuses a port held on '' and on a single address at once.
        CREATE TABLE port_bindings (
          container_id   TEXT NOT NULL,
          protocol       TEXT NOT NULL,
          host_ip        TEXT NOT NULL,
          host_port      INTEGER NOT NULL,
          container_port INTEGER NOT NULL,
          UNIQUE (protocol, host_ip, host_port)
        );
        CREATE INDEX port_bindings_container ON port_bindings(container_id);
      )sql"},
              {2, "network driver options", R"sql(
        -- `network create -o KEY=VALUE`, as a JSON object (Docker's "Options").
        ALTER TABLE networks ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
      )sql"},
          },
  };
  return kSchema;
}

}  // namespace berth::network
