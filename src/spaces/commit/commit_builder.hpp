#pragma once
// Turns a commit request into a real git commit on a branch of a Space's bare repository,
// with git plumbing and a throwaway index: the parent's tree is listed, the operations are
// applied to that list in memory (checked: files to delete exist, LFS objects were uploaded
// to this Space, no path is both a file and a folder), the new blobs are written
// (hash-object), the index is built (update-index) and written as a tree (write-tree), the
// commit made (commit-tree), and the branch moved with update-ref from the head the commit was
// built on. A push or another commit that moved the branch meanwhile is never lost: the
// commit is rebuilt once on the new head, or refused as a conflict when the client named its
// parent. Nothing is written before every check passed; a refused commit moves no ref and
// leaves at most unreferenced git objects, which git's gc removes.
#include <filesystem>
#include <optional>
#include <string>

#include "base/error.hpp"
#include "spaces/commit/commit_payload.hpp"
#include "spaces/lfs_object_store.hpp"

namespace berth::spaces {

struct CommitAuthor {
  std::string name;
  std::string email;
};

struct CommitRequest {
  std::string branch;  // a valid branch name (is_valid_branch_name)
  CommitPayload payload;
  CommitAuthor author;
};

struct CommitOutcome {
  std::string commit;
  std::optional<std::string> previous;  // the branch's head before, nullopt when it was made
};

// The parent the client named is not the branch's head (the Hub's 412).
class ParentCommitConflict : public ConflictError {
 public:
  using ConflictError::ConflictError;
};
// The branch does not exist (and is not the repository's default branch, which a first
// commit creates).
class RevisionNotFound : public NotFoundError {
 public:
  using NotFoundError::NotFoundError;
};
// A file or folder to delete or copy is not there.
class EntryNotFound : public NotFoundError {
 public:
  using NotFoundError::NotFoundError;
};
// An lfsFile whose object this Space's LFS store does not hold (with that size).
class LfsObjectMissing : public InvalidArgumentError {
 public:
  using InvalidArgumentError::InvalidArgumentError;
};

// Throws the errors above, InvalidArgumentError for a file/folder clash, Error when git fails.
CommitOutcome commit_to_branch(const std::filesystem::path& repository,
                               const CommitRequest& request, const LfsObjectStore& store);

}  // namespace berth::spaces
