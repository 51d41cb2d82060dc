#include "spaces/lfs_garbage.hpp"

#include <sstream>
#include <vector>

#include "base/error.hpp"
#include "spaces/commit/git_tree.hpp"
#include "spaces/git/git_command.hpp"
#include "spaces/git/git_lfs_pointer.hpp"

namespace berth::spaces {

namespace {

// Every object reachable from the refs, except blobs too large to be pointers.
std::string reachable_objects(const std::filesystem::path& repository) {
  return run_git_checked(
      {.args = {git_dir_option(repository), "rev-list", "--objects", "--all", "--no-object-names",
                "--filter=blob:limit=" + std::to_string(kMaxLfsPointerSize)}},
      "list the objects of " + repository.string());
}

// The blobs among `objects` (one id a line) small enough to be pointers.
std::vector<std::string> small_blobs(const std::filesystem::path& repository,
                                     const std::string& objects) {
  std::string out = run_git_with_input_checked(
      {.args = {git_dir_option(repository), "cat-file",
                "--batch-check=%(objectname) %(objecttype) %(objectsize)"}},
      objects, "look at the objects of " + repository.string());
  std::vector<std::string> blobs;
  std::istringstream lines(out);
  std::string id, type;
  std::uint64_t size = 0;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    if (fields >> id >> type >> size && type == "blob" && size < kMaxLfsPointerSize) {
      blobs.push_back(id);
    }
  }
  return blobs;
}

}  // namespace

std::set<std::string> referenced_lfs_oids(const std::filesystem::path& repository) {
  std::set<std::string> oids;
  auto blobs = small_blobs(repository, reachable_objects(repository));
  for (const auto& [id, content] : read_blobs(repository, blobs)) {
    if (auto pointer = parse_lfs_pointer(content)) oids.insert(pointer->oid);
  }
  return oids;
}

LfsGarbageReport remove_unreferenced_lfs_objects(const LfsObjectStore& store,
                                                 const std::set<std::string>& referenced,
                                                 std::filesystem::file_time_type now,
                                                 std::chrono::seconds grace) {
  LfsGarbageReport report;
  for (const auto& file : store.files()) {
    bool referenced_object = !file.oid.empty() && referenced.contains(file.oid);
    if (referenced_object || file.modified > now - grace) {
      if (!file.oid.empty()) ++report.kept;
      continue;
    }
    std::error_code ec;
    // Read again just before: an upload may have announced it since the listing.
    auto modified = std::filesystem::last_write_time(file.path, ec);
    if (ec) continue;  // gone meanwhile
    if (modified > now - grace) {
      if (!file.oid.empty()) ++report.kept;
      continue;
    }
    if (!std::filesystem::remove(file.path, ec) && ec) {
      throw Error("remove the LFS object " + file.path.string() + ": " + ec.message());
    }
    ++report.removed;
    report.freed_bytes += file.size;
  }
  return report;
}

LfsGarbageReport collect_lfs_garbage(const std::filesystem::path& repository,
                                     std::filesystem::file_time_type now,
                                     std::chrono::seconds grace) {
  auto store = lfs_store_of_repository(repository);
  if (store.files().empty()) return {};
  return remove_unreferenced_lfs_objects(store, referenced_lfs_oids(repository), now, grace);
}

}  // namespace berth::spaces
