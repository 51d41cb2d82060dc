#pragma once
// Creating and deleting a Space as a whole: the database row with its settings, variables and
// secrets, and its bare git repository. Shared by the API (POST /api/repos/create) and the
// CLI (`berth space create`), so both leave the same thing behind, or nothing.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spaces/space_deployer.hpp"
#include "spaces/spaces_database.hpp"

namespace berth::spaces {

struct SpaceCreateRequest {
  std::string owner;
  std::string name;
  bool is_private = false;
  std::string hardware = "cpu-basic";
  std::optional<int64_t> sleep_time_seconds;
  std::optional<std::string> storage;
  std::vector<std::pair<std::string, std::string>> variables;
  std::vector<std::pair<std::string, std::string>> secrets;
};

// <root>/spaces/<owner>/<name>/repo.git
std::filesystem::path repository_of(const std::filesystem::path& spaces_dir,
                                    const SpaceRecord& space);

// Validates everything first (names, hardware, keys), then records the Space and makes its
// repository; on any failure nothing is left. Throws InvalidArgumentError, SpaceExistsError.
SpaceRecord create_space(SpacesDatabase& db, const std::filesystem::path& spaces_dir,
                         const SpaceCreateRequest& request);

// Stops its instance, removes its network, image, repository, data and row. NotFoundError for
// an unknown Space.
void delete_space(SpacesDatabase& db, SpaceDeployer& deployer, const std::string& space_id);

}  // namespace berth::spaces
