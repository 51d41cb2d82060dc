#pragma once
// A Space repository's branches and tags, as the Hub's refs API shows and changes them:
// resolving a revision a request names, listing refs, creating and deleting branches, tagging.
// Names are checked with git_names.hpp before git sees them; changes go through
// `git update-ref` with the expected old value, so two requests never both "create" a ref.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::spaces {

struct GitRef {
  std::string name;           // "main", "v1.0"
  std::string ref;            // "refs/heads/main", "refs/tags/v1.0"
  std::string target_commit;  // the commit it points at (an annotated tag peeled)
};

struct GitRefList {
  std::vector<GitRef> branches;
  std::vector<GitRef> tags;
};

// Who made an annotated tag.
struct GitPerson {
  std::string name;
  std::string email;
};

// The commit `revision` names, or nullopt when it names none (an unknown branch, a commit the
// repository does not have, an empty repository) or is not a revision a request may name
// (is_valid_revision). Throws Error when git fails otherwise.
std::optional<std::string> resolve_revision(const std::filesystem::path& repository,
                                            std::string_view revision);

// The commit the branch `branch` (a short name) points at, read from the ref files without
// starting git (list_spaces asks this for every Space): the loose ref, else packed-refs.
// nullopt when the branch does not exist or its ref is not a plain commit id.
std::optional<std::string> branch_head(const std::filesystem::path& repository,
                                       std::string_view branch);

// The head commit of the Space's default branch: main, else master (a push deploys the same).
std::optional<std::string> default_branch_head(const std::filesystem::path& repository);

// Branches and tags, each sorted by name. At most `max_refs` of each kind; more throws Error
// (a repository with that many refs is not a Space's).
GitRefList list_refs(const std::filesystem::path& repository, size_t max_refs = 10000);

// Creates branch `name` at `commit`. ConflictError when it exists; InvalidArgumentError for a
// name is_valid_ref_name refuses.
void create_branch(const std::filesystem::path& repository, std::string_view name,
                   std::string_view commit);

// Deletes branch `name`. NotFoundError when it does not exist.
void delete_branch(const std::filesystem::path& repository, std::string_view name);

// Deletes tag `name`. NotFoundError when it does not exist.
void delete_tag(const std::filesystem::path& repository, std::string_view name);

// Tags `commit` as `name`: annotated by `tagger` when `message` is given, else lightweight.
// ConflictError when the tag exists; InvalidArgumentError for a name is_valid_ref_name refuses.
void create_tag(const std::filesystem::path& repository, std::string_view name,
                std::string_view commit, const std::optional<std::string>& message,
                const GitPerson& tagger);

}  // namespace berth::spaces
