#include "spaces/commit/lfs_checkout.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <vector>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "spaces/commit/git_tree.hpp"
#include "spaces/commit/lfs_pointer.hpp"

namespace berth::spaces {

namespace {

// Copies the object into the checked-out file. The path is resolved beneath the checkout, so
// nothing the repository holds (a symlinked directory) can point the write elsewhere.
void replace_content(int root_fd, const std::string& path, const std::filesystem::path& object) {
  UniqueFd in(::open(object.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!in.valid()) throw_errno("open LFS object " + object.string());
  UniqueFd out =
      open_beneath(root_fd, path, O_WRONLY | O_TRUNC | O_NOFOLLOW, "checked-out file " + path);
  std::vector<char> buffer(1 << 16);
  for (;;) {
    ssize_t n = ::read(in.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read LFS object " + object.string());
    if (n == 0) break;
    write_all(out.get(), buffer.data(), static_cast<size_t>(n), "checked-out file " + path);
  }
}

}  // namespace

void smudge_lfs_pointers(const std::filesystem::path& repository, std::string_view commit,
                         const std::filesystem::path& destination, const LfsObjectStore& store) {
  std::vector<TreeFile> candidates;
  for (auto& entry : list_tree(repository, commit)) {
    bool regular = entry.mode == "100644" || entry.mode == "100755";
    if (regular && entry.size && *entry.size <= kMaxLfsPointerSize) {
      candidates.push_back(std::move(entry));
    }
  }
  if (candidates.empty()) return;
  std::vector<std::string> objects;
  for (const auto& entry : candidates) objects.push_back(entry.object);
  auto blobs = read_blobs(repository, objects);
  UniqueFd root(::open(destination.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) throw_errno("open " + destination.string());
  for (const auto& entry : candidates) {
    auto blob = blobs.find(entry.object);
    if (blob == blobs.end()) continue;
    auto pointer = parse_lfs_pointer(blob->second);
    if (!pointer) continue;
    if (store.size_of(pointer->oid) != pointer->size) {
      throw NotFoundError("the LFS object of " + entry.path + " (sha256 " + pointer->oid + ", " +
                          std::to_string(pointer->size) +
                          " bytes) was never uploaded to this Space: push it with `git lfs "
                          "push --all`, or upload the file again");
    }
    replace_content(root.get(), entry.path, store.path_of(pointer->oid));
  }
}

}  // namespace berth::spaces
