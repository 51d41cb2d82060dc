#pragma once
// The schema of berth.db, one migration per change; never edit a released migration.
#include <vector>

#include "store/database.hpp"

namespace berth::store {
const std::vector<Migration>& schema_migrations();
}
