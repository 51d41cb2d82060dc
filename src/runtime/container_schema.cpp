#include "runtime/container_schema.hpp"

#include "image/image_schema.hpp"

namespace berth::runtime {

const store::Schema& container_schema() {
  // Versions 1-2 were berth.db's global migrations 2, 4 (store/legacy_schema_version).
  static const store::Schema kSchema{
      .name = "containers",
      .dependencies = {&image::image_schema()},
      .migrations =
          {
              {1, "containers", R"sql(
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
              {2, "containers_oom_killed", R"sql(
        -- Set when the kernel's OOM killer ended the container (read by the shim from the
        -- memory cgroup before the runtime deletes it).
        ALTER TABLE containers ADD COLUMN oom_killed INTEGER NOT NULL DEFAULT 0;
      )sql"},
          },
  };
  return kSchema;
}

}  // namespace berth::runtime
