#include "spaces/spaces_database.hpp"

#include "spaces/deployed_file_import.hpp"
#include "spaces/spaces_schema.hpp"

namespace berth::spaces {

SpacesDatabase::SpacesDatabase(const std::filesystem::path& root)
    : db_(root / "berth.db", std::vector<const store::Schema*>{&spaces_schema()}),
      box_(root),
      spaces_(db_, box_),
      users_(db_),
      deploys_(db_),
      sessions_(db_) {
  import_deployed_files(spaces_, root / "spaces");
}

}  // namespace berth::spaces
