#include "store/schema_migrator.hpp"

#include <map>
#include <set>
#include <string>

#include "base/error.hpp"
#include "store/database.hpp"
#include "store/legacy_schema_version.hpp"

namespace berth::store {
namespace {

// PRAGMA user_version of a database whose versions are kept per schema in schema_versions: far
// above the old global numbers, so a berth from before per-library schemas refuses such a
// database ("newer than this berth understands") instead of migrating it a second time.
constexpr int kPerSchemaVersions = 1000;

int user_version(Database& db) {
  Statement st(db, "PRAGMA user_version");
  st.step();
  return static_cast<int>(st.column_int(0));
}

std::map<std::string, int> recorded_versions(Database& db) {
  std::map<std::string, int> versions;
  Statement st(db, "SELECT name, version FROM schema_versions");
  while (st.step()) versions[st.column_text(0)] = static_cast<int>(st.column_int(1));
  return versions;
}

int version_of(const std::map<std::string, int>& versions, const std::string& name) {
  auto it = versions.find(name);
  return it == versions.end() ? 0 : it->second;
}

void record_version(Database& db, const std::string& name, int version) {
  Statement st(db,
               "INSERT INTO schema_versions (name, version) VALUES (?1, ?2) "
               "ON CONFLICT (name) DO UPDATE SET version = excluded.version");
  st.bind_all(name, version);
  st.run();
}

[[noreturn]] void refuse_newer(Database& db, const std::string& what, int found, int known) {
  throw Error("database " + db.path().string() + " has " + what + " version " +
              std::to_string(found) + ", newer than this berth understands (" +
              std::to_string(known) + "); upgrade berth");
}

// A database numbered the old way (user_version 0-12; 0 is a new one) gets schema_versions.
void adopt_per_schema_versions(Database& db, int old_version) {
  if (old_version > kLastLegacySchemaVersion) {
    refuse_newer(db, "schema", old_version, kPerSchemaVersions);
  }
  db.exec("CREATE TABLE schema_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)");
  for (const auto& [name, version] : legacy_schema_versions(old_version)) {
    record_version(db, name, version);
  }
  db.exec("PRAGMA user_version=" + std::to_string(kPerSchemaVersions));
}

void check_numbering(const Schema& schema) {
  for (size_t i = 0; i < schema.migrations.size(); ++i) {
    if (schema.migrations[i].version != static_cast<int>(i) + 1) {
      throw Error("schema " + schema.name + ": migration " +
                  std::to_string(schema.migrations[i].version) + " is out of order (expected " +
                  std::to_string(i + 1) + ")");
    }
  }
}

void visit(const Schema* schema, std::set<const Schema*>& done, std::set<const Schema*>& open,
           std::vector<const Schema*>& order) {
  if (done.count(schema)) return;
  if (!open.insert(schema).second) throw Error("schema " + schema->name + " depends on itself");
  for (const Schema* dependency : schema->dependencies) visit(dependency, done, open, order);
  open.erase(schema);
  done.insert(schema);
  check_numbering(*schema);
  order.push_back(schema);
}

}  // namespace

std::vector<const Schema*> migration_order(const std::vector<const Schema*>& schemas) {
  std::set<const Schema*> done, open;
  std::vector<const Schema*> order;
  for (const Schema* schema : schemas) visit(schema, done, open, order);
  return order;
}

void migrate_schemas(Database& db, const std::vector<const Schema*>& schemas) {
  const auto order = migration_order(schemas);
  auto current = [&](const std::map<std::string, int>& versions) {
    for (const Schema* schema : order) {
      if (version_of(versions, schema->name) != schema->latest_version()) return false;
    }
    return true;
  };
  // The common case, every schema up to date, needs no write lock.
  if (user_version(db) == kPerSchemaVersions && current(recorded_versions(db))) return;
  // Versions are read again inside the write lock: another process may have just migrated.
  db.write_transaction([&] {
    int version = user_version(db);
    if (version > kPerSchemaVersions) refuse_newer(db, "schema", version, kPerSchemaVersions);
    if (version != kPerSchemaVersions) adopt_per_schema_versions(db, version);
    const auto versions = recorded_versions(db);
    for (const Schema* schema : order) {
      int from = version_of(versions, schema->name);
      if (from > schema->latest_version()) {
        refuse_newer(db, schema->name + " schema", from, schema->latest_version());
      }
      if (from == schema->latest_version()) continue;
      for (const Migration& m : schema->migrations) {
        if (m.version > from) db.exec(m.sql);
      }
      record_version(db, schema->name, schema->latest_version());
    }
  });
}

}  // namespace berth::store
