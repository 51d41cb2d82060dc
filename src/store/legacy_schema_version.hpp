#pragma once
// Until per-library schemas, berth.db numbered its migrations 1-12 across all tables in
// PRAGMA user_version. A database of that age is converted on its first open by a newer berth:
// each old number becomes a version of the schema that now owns that migration.
#include <map>
#include <string>

namespace berth::store {

// The last of the old global numbers.
constexpr int kLastLegacySchemaVersion = 12;

// What the old global number `user_version` means per schema: name -> version reached.
std::map<std::string, int> legacy_schema_versions(int user_version);

}  // namespace berth::store
