#pragma once
// The tables of berth.db belong to the libraries that use them: each library that keeps records
// there (images, containers, volumes, networks, the build cache, Spaces) owns one Schema with
// its own numbered migrations, and the database records how far each schema has got in its
// schema_versions table. Never edit a released migration: add one.
#include <string>
#include <vector>

namespace berth::store {

// One schema step. Versions count 1, 2, … within their schema.
struct Migration {
  int version;
  std::string description;
  std::string sql;
};

struct Schema {
  // Its key in schema_versions ("images", "containers", …).
  std::string name;
  // Schemas whose tables this one's reference (foreign keys): migrated before it.
  std::vector<const Schema*> dependencies;
  std::vector<Migration> migrations;

  int latest_version() const { return migrations.empty() ? 0 : migrations.back().version; }
};

}  // namespace berth::store
