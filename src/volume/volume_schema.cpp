#include "volume/volume_schema.hpp"

namespace berth::volume {

const store::Schema& volume_schema() {
  // Versions 1-1 were berth.db's global migrations 3 (store/legacy_schema_version).
  static const store::Schema kSchema{
      .name = "volumes",
      .dependencies = {},
      .migrations =
          {
              {1, "volumes", R"sql(
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
          },
  };
  return kSchema;
}

}  // namespace berth::volume
