#include "store/schema.hpp"

namespace berth::store {

const std::vector<Migration>& schema_migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "images, layers and tags", R"sql(
        -- One row per unpacked layer snapshot (snapshots/<chain hex>).
        CREATE TABLE layers (
          chain_id        TEXT PRIMARY KEY,
          parent_chain_id TEXT,
          diff_id         TEXT NOT NULL,
          unpacked_size   INTEGER NOT NULL,
          tar_size        INTEGER NOT NULL,
          created_at      INTEGER NOT NULL
        );
        -- Images are keyed by their ID: the digest of their config blob.
        CREATE TABLE images (
          id                  TEXT PRIMARY KEY,
          manifest_digest     TEXT NOT NULL,
          manifest_media_type TEXT NOT NULL,
          size                INTEGER NOT NULL,
          created             TEXT NOT NULL,
          added_at            INTEGER NOT NULL,
          last_tag_time       TEXT NOT NULL DEFAULT ''
        );
        -- The layers of an image in order, with the blob the image's manifest names for each.
        CREATE TABLE image_layers (
          image_id        TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
          position        INTEGER NOT NULL,
          chain_id        TEXT NOT NULL REFERENCES layers(chain_id),
          blob_digest     TEXT NOT NULL,
          blob_media_type TEXT NOT NULL,
          blob_size       INTEGER NOT NULL,
          PRIMARY KEY (image_id, position)
        );
        CREATE INDEX image_layers_chain ON image_layers(chain_id);
        CREATE INDEX image_layers_blob ON image_layers(blob_digest);
        -- Normalized references (docker.io/library/busybox:latest) pointing at images.
        CREATE TABLE tags (
          reference TEXT PRIMARY KEY,
          image_id  TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
          tagged_at INTEGER NOT NULL
        );
        CREATE INDEX tags_image ON tags(image_id);
        -- name@digest references of pulled images.
        CREATE TABLE repo_digests (
          reference TEXT PRIMARY KEY,
          image_id  TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
        );
      )sql"},
      {2, "containers", R"sql(
        -- One row per container. `request` is the creation request (JSON) from which the
        -- runtime spec is generated at each start; state and times are updated by the CLI
        -- and reconciled with the shim's exit file whenever a container is read.
        CREATE TABLE containers (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL UNIQUE,
          image_id    TEXT NOT NULL REFERENCES images(id),
          image_name  TEXT NOT NULL,
          request     TEXT NOT NULL,
          created     TEXT NOT NULL,
          state       TEXT NOT NULL,
          pid         INTEGER NOT NULL DEFAULT 0,
          shim_pid    INTEGER NOT NULL DEFAULT 0,
          started_at  TEXT NOT NULL DEFAULT '',
          finished_at TEXT NOT NULL DEFAULT '',
          exit_code   INTEGER NOT NULL DEFAULT 0,
          error       TEXT NOT NULL DEFAULT '',
          restart_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX containers_image ON containers(image_id);
      )sql"},
      {3, "volumes", R"sql(
        -- Named volumes (volumes/<name>/_data). Which containers use one is read from the
        -- containers' requests, so there is no link table to keep in step.
        CREATE TABLE volumes (
          name      TEXT PRIMARY KEY,
          driver    TEXT NOT NULL DEFAULT 'local',
          created   TEXT NOT NULL,
          labels    TEXT NOT NULL DEFAULT '{}',
          anonymous INTEGER NOT NULL DEFAULT 0
        );
      )sql"},
      {4, "containers_oom_killed", R"sql(
        -- Set when the kernel's OOM killer ended the container (read by the shim from the
        -- memory cgroup before the runtime deletes it).
        ALTER TABLE containers ADD COLUMN oom_killed INTEGER NOT NULL DEFAULT 0;
      )sql"},
      {5, "build_cache", R"sql(
        -- berth build's cache: a step's key (its parent's key, the expanded instruction, the
        -- build args it sees, the digest of what it copies) -> the stage after the step (image
        -- config and layer blobs, as JSON). Layers it names are ordinary layers and blobs.
        CREATE TABLE build_cache (
          key     TEXT PRIMARY KEY,
          state   TEXT NOT NULL,
          created TEXT NOT NULL
        );
      )sql"},
      {6, "networks", R"sql(
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
      {7, "users, tokens and spaces", R"sql(
        -- Accounts of `berth serve`. Names compare case-insensitively, as on the Hub, and
        -- because a Space's host name ({owner}-{name}.{domain}) is case-insensitive too. id is
        -- 24 hex digits, the shape of a Hub user id.
        CREATE TABLE users (
          name    TEXT PRIMARY KEY COLLATE NOCASE,
          id      TEXT NOT NULL UNIQUE,
          created TEXT NOT NULL
        );
        -- API tokens, by the hex sha256 of the token: the token itself is shown once and never
        -- stored. A token is named uniquely per user, which is how it is revoked.
        CREATE TABLE tokens (
          hash      TEXT PRIMARY KEY,
          user      TEXT NOT NULL COLLATE NOCASE REFERENCES users(name) ON DELETE CASCADE,
          name      TEXT NOT NULL,
          role      TEXT NOT NULL CHECK (role IN ('read', 'write')),
          created   TEXT NOT NULL,
          last_used TEXT,
          UNIQUE (user, name)
        );
        -- Spaces, keyed "owner/name". owner has no foreign key: organizations will own Spaces
        -- too. storage and sleep_time_seconds are NULL when not set (no persistent storage,
        -- the hardware's default sleep). stage is a Hub SpaceStage name; current_* describe
        -- what the last successful deploy runs, NULL before the first.
        CREATE TABLE spaces (
          id                 TEXT PRIMARY KEY COLLATE NOCASE,
          owner              TEXT NOT NULL COLLATE NOCASE,
          name               TEXT NOT NULL,
          private            INTEGER NOT NULL DEFAULT 0,
          hardware           TEXT NOT NULL DEFAULT 'cpu-basic',
          storage            TEXT,
          sleep_time_seconds INTEGER,
          created            TEXT NOT NULL,
          stage              TEXT NOT NULL DEFAULT 'NO_APP_FILE',
          error_message      TEXT,
          current_commit     TEXT,
          current_image      TEXT,
          current_container  TEXT
        );
        CREATE INDEX spaces_owner ON spaces(owner);
        -- A Space's variables: plain values, passed as build args and environment.
        CREATE TABLE space_variables (
          space_id    TEXT NOT NULL COLLATE NOCASE REFERENCES spaces(id) ON DELETE CASCADE,
          key         TEXT NOT NULL,
          value       TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          updated     TEXT NOT NULL,
          PRIMARY KEY (space_id, key)
        );
        -- A Space's secrets: `sealed` is SecretBox output (base64 of nonce || ciphertext under
        -- <root>/keys/secrets.key); the plaintext never reaches this database. A key is never
        -- both a variable and a secret (the store checks, as the Hub does).
        CREATE TABLE space_secrets (
          space_id    TEXT NOT NULL COLLATE NOCASE REFERENCES spaces(id) ON DELETE CASCADE,
          key         TEXT NOT NULL,
          sealed      TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          updated     TEXT NOT NULL,
          PRIMARY KEY (space_id, key)
        );
      )sql"},
      {8, "network driver options", R"sql(
        -- `network create -o KEY=VALUE`, as a JSON object (Docker's "Options").
        ALTER TABLE networks ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
      )sql"},
      {9, "Space last modified", R"sql(
        -- When a push last moved the Space's branch (the Hub's lastModified); NULL: never.
        ALTER TABLE spaces ADD COLUMN last_modified TEXT;
      )sql"},
      {10, "Space host access", R"sql(
        -- 1: the Space's app may reach the host (the server's API, other Spaces' public URLs).
        ALTER TABLE spaces ADD COLUMN host_access INTEGER NOT NULL DEFAULT 0;
      )sql"},
      {11, "Space host labels and in-flight deploys", R"sql(
        -- The Space's host label ({subdomain}.{domain}), chosen at creation and unique:
        -- "{owner}-{name}" lowercase with '.' and '_' as '-', or that with a random suffix when
        -- another Space holds it ("alice-my/app" and "alice/my-app"). Existing Spaces: the
        -- earliest created keeps the plain label.
        ALTER TABLE spaces ADD COLUMN subdomain TEXT;
        UPDATE spaces SET subdomain = lower(replace(replace(owner || '-' || name, '.', '-'), '_', '-'));
        UPDATE spaces SET subdomain = substr(subdomain, 1, 54) || '-' || lower(hex(randomblob(4)))
          WHERE length(subdomain) > 63 OR EXISTS (
            SELECT 1 FROM spaces AS o WHERE o.subdomain = spaces.subdomain AND
              (o.created < spaces.created OR (o.created = spaces.created AND o.rowid < spaces.rowid)));
        CREATE UNIQUE INDEX spaces_subdomain ON spaces(subdomain);
        -- The commit a deploy is building or starting, set before the build; NULL when none.
        -- A server killed during a deploy finds it here at its next start.
        ALTER TABLE spaces ADD COLUMN deploying_commit TEXT;
      )sql"},
      {12, "Space deployed settings", R"sql(
        -- What a restart needs of the serving commit's README header: its app_port, title
        -- (NULL when none) and startup_duration_timeout in seconds; NULL before the first
        -- deploy. They were <root>/spaces/<owner>/<name>/deployed.json, which the Spaces
        -- database imports and removes when it opens (spaces/deployed_file_import).
        ALTER TABLE spaces ADD COLUMN current_app_port INTEGER;
        ALTER TABLE spaces ADD COLUMN current_title TEXT;
        ALTER TABLE spaces ADD COLUMN current_startup_timeout INTEGER;
      )sql"},
  };
  return kMigrations;
}

}  // namespace berth::store
