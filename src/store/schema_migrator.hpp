#pragma once
// Brings the schemas a process uses (and the schemas they depend on) to their latest versions,
// in one write transaction, so two processes opening a fresh root at once apply each migration
// exactly once. Schemas the process does not know are left as they are.
#include <vector>

#include "store/schema.hpp"

namespace berth::store {

class Database;

void migrate_schemas(Database& db, const std::vector<const Schema*>& schemas);

// The schemas in the order they must be migrated: each after its dependencies, each once.
std::vector<const Schema*> migration_order(const std::vector<const Schema*>& schemas);

}  // namespace berth::store
