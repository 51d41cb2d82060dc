#include "build/executor/build_cache_schema.hpp"

namespace berth::build {

const store::Schema& build_cache_schema() {
  // Versions 1-1 were berth.db's global migrations 5 (store/legacy_schema_version).
  static const store::Schema kSchema{
      .name = "build_cache",
      .dependencies = {},
      .migrations =
          {
              {1, "build_cache", R"sql(
        -- berth build's cache: a step's key (its parent's key, the expanded instruction, the
        -- build args it sees, the digest of what it copies) -> the stage after the step (image
        -- config and layer blobs, as JSON). Layers it names are ordinary layers and blobs.
        CREATE TABLE build_cache (
          key     TEXT PRIMARY KEY,
          state   TEXT NOT NULL,
          created TEXT NOT NULL
        );
      )sql"},
          },
  };
  return kSchema;
}

}  // namespace berth::build
