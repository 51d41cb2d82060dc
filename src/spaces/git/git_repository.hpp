#pragma once
// The Spaces' bare git repositories (`<root>/spaces/<owner>/<name>/repo.git`): creating them,
// reading a branch's commit, and exporting a commit's files as a build context. All through
// the git CLI with a clean environment (see git_command.hpp).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace berth::spaces {

// `git init --bare` with `default_branch` as HEAD, and force pushes allowed, as on the Hub.
// Idempotent: on an existing repository git only reinitialises (refs and objects are kept,
// the default branch is not changed). Throws Error with git's message on failure.
void init_bare_repository(const std::filesystem::path& dir,
                          std::string_view default_branch = "main");

// The commit id `ref` names ("refs/heads/main", "main", a commit id), or nullopt when it names
// no commit (an empty repository, an unknown branch). Throws Error when `repository` is not a
// git repository.
std::optional<std::string> resolve_ref(const std::filesystem::path& repository,
                                       std::string_view ref);

// Writes the files of `commit`'s tree into `destination` (created when missing, else it must
// be empty), for a build context. Symlinks stay symlinks: the context reader must treat them
// as hostile. Files that are Git LFS pointers get their objects from the Space's LFS store
// (<repository>/../lfs, spaces/lfs_object_store.hpp). Throws NotFoundError naming the commit
// when the repository does not have it, or naming the file whose LFS object is missing.
void export_tree(const std::filesystem::path& repository, std::string_view commit,
                 const std::filesystem::path& destination);

}  // namespace berth::spaces
