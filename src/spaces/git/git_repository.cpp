#include "spaces/git/git_repository.hpp"

#include <fmt/format.h>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "spaces/commit/lfs_checkout.hpp"
#include "spaces/git/git_command.hpp"

namespace berth::spaces {
namespace {

std::string git_dir_arg(const fs::path& repository) {
  return "--git-dir=" + repository.string();
}

}  // namespace

void init_bare_repository(const fs::path& dir, std::string_view default_branch) {
  // Absolute: a relative name starting with '-' would read as an option.
  fs::path absolute = fs::absolute(dir);
  std::string what = "create git repository " + absolute.string();
  run_git_checked({.args = {"init", "--quiet", "--bare",
                            "--initial-branch=" + std::string(default_branch), absolute.string()}},
                  what);
  // The Hub accepts force pushes; git's bare default is the same, but say it in the config so
  // a changed default or a system config cannot take it away.
  run_git_checked(
      {.args = {git_dir_arg(absolute), "config", "receive.denyNonFastForwards", "false"}}, what);
}

std::optional<std::string> resolve_ref(const fs::path& repository, std::string_view ref) {
  // --end-of-options: a ref starting with '-' is looked up, never taken as an option.
  GitResult result = run_git({.args = {git_dir_arg(repository), "rev-parse", "--verify", "--quiet",
                                       "--end-of-options", std::string(ref) + "^{commit}"}});
  if (result.exit_code == 1) return std::nullopt;  // --verify --quiet: no such commit
  if (result.exit_code != 0) {
    throw Error(
        fmt::format("resolve {} in {}: {}", ref, repository.string(), last_line(result.err)));
  }
  std::string id = last_line(result.out);
  if (id.empty()) {
    throw Error(
        fmt::format("resolve {} in {}: git printed no commit id", ref, repository.string()));
  }
  return id;
}

void export_tree(const fs::path& repository, std::string_view commit, const fs::path& destination) {
  std::optional<std::string> id = resolve_ref(repository, commit);
  if (!id) {
    throw NotFoundError(fmt::format("commit {} not found in {}", commit, repository.string()));
  }
  fs::create_directories(destination);
  if (!fs::is_empty(destination)) {
    throw InvalidArgumentError("export destination is not empty: " + destination.string());
  }
  // read-tree + checkout-index with a throwaway index: the repository's own state (HEAD, its
  // index) is never touched, and an empty tree exports as an empty directory. The index sits
  // beside the destination, under Berth's root, so a server killed mid-export leaves nothing
  // in /tmp.
  TempDir index_dir(fs::absolute(destination).parent_path(), ".export-index-");
  GitInvocation read_tree{
      .args = {git_dir_arg(repository), "--work-tree=" + fs::absolute(destination).string(),
               "read-tree", *id},
      .environment = {"GIT_INDEX_FILE=" + (index_dir.path() / "index").string()}};
  GitInvocation checkout = read_tree;
  checkout.args.resize(2);
  checkout.args.insert(checkout.args.end(), {"checkout-index", "--all"});
  std::string what =
      fmt::format("export commit {} of {} to {}", *id, repository.string(), destination.string());
  run_git_checked(read_tree, what);
  run_git_checked(checkout, what);
  // The build context holds the files, not their LFS pointers.
  smudge_lfs_pointers(repository, *id, destination, lfs_store_of_repository(repository));
}

}  // namespace berth::spaces
