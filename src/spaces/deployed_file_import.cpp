#include "spaces/deployed_file_import.hpp"

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/json.hpp"

namespace berth::spaces {

namespace fs = std::filesystem;

namespace {

DeployedSettings read_deployed_file(const fs::path& path) {
  Json facts = Json::parse(read_file(path), nullptr, /*allow_exceptions=*/false);
  if (!facts.is_object()) throw Error(path.string() + ": not a JSON object");
  try {
    return DeployedSettings{
        .app_port = facts.value("app_port", kDefaultAppPort),
        .title = facts.value("title", ""),
        .startup_timeout = std::chrono::seconds(facts.value(
            "startup_duration_timeout", static_cast<int64_t>(kDefaultStartupTimeout.count())))};
  } catch (const Json::exception& e) {
    throw Error(path.string() + ": " + e.what());
  }
}

}  // namespace

void import_deployed_files(SpaceStore& spaces, const fs::path& spaces_dir) {
  for (const auto& space : spaces.list()) {
    fs::path file = spaces_dir / space.owner / space.name / "deployed.json";
    if (!fs::exists(file)) continue;
    if (!space.deployed) spaces.set_deployed(space.id, read_deployed_file(file));
    fs::remove(file);  // throws, naming the file, when it cannot go
  }
}

}  // namespace berth::spaces
