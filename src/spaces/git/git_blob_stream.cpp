#include "spaces/git/git_blob_stream.hpp"

#include "base/error.hpp"
#include "spaces/git/git_names.hpp"

namespace berth::spaces {

std::unique_ptr<GitOutputStream> stream_blob(const std::filesystem::path& repository,
                                             std::string_view oid) {
  // An id, never a revision expression: it cannot name anything but one object.
  if (!is_full_commit_id(oid)) {
    throw InvalidArgumentError("not a blob id: \"" + std::string(oid.substr(0, 80)) + "\"");
  }
  return std::make_unique<GitOutputStream>(GitInvocation{
      .args = {"--git-dir=" + repository.string(), "cat-file", "blob", std::string(oid)}});
}

}  // namespace berth::spaces
