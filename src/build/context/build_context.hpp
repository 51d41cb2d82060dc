#pragma once
// The build context: the files `berth build` may COPY/ADD, with the .dockerignore rules that
// hide some of them. It is a directory used in place (never followed out of), a tar stream
// extracted safely into a private temp dir, or nothing at all (`build - < Dockerfile`).
// Everything read from it goes through openat2(RESOLVE_IN_ROOT) on root_fd().
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/fs.hpp"
#include "base/unique_fd.hpp"
#include "build/context/ignore_matcher.hpp"
#include "image/layer/tar_policy.hpp"

namespace berth::build {

class BuildContext {
 public:
  // A host directory. `dockerfile` is the Dockerfile's host path (-f; it may lie outside the
  // context), nullopt when the Dockerfile comes from stdin. Loads the .dockerignore that
  // applies (see choose_dockerignore); a bad pattern throws SourceError naming it.
  static BuildContext from_directory(const std::filesystem::path& dir,
                                     const std::optional<std::filesystem::path>& dockerfile);

  // A tar archive (plain, gzip, bzip2, xz, zstd) read from `fd` to EOF and extracted into a
  // temp dir under `scratch_parent` (removed with the context). `dockerfile` is the
  // Dockerfile's path inside the archive ("Dockerfile" by default, nullopt when none).
  static BuildContext from_tar(int fd, const std::filesystem::path& scratch_parent,
                               const std::optional<std::string>& dockerfile = "Dockerfile",
                               const image::TarLimits& limits = image::kArchiveLimits);

  // No context at all: every COPY source is "not found".
  static BuildContext none(const std::filesystem::path& scratch_parent);

  BuildContext(BuildContext&&) noexcept;
  BuildContext& operator=(BuildContext&&) noexcept;
  ~BuildContext();

  const std::filesystem::path& root() const { return root_; }
  int root_fd() const { return root_fd_.get(); }
  const IgnoreMatcher& ignore() const { return ignore_; }
  // The ignore file that was loaded, as the user would name it ("" when none).
  const std::string& ignore_file() const { return ignore_file_; }

  // Whether a clean context-relative path is hidden by .dockerignore.
  bool is_ignored(std::string_view path) const { return ignore_.matches(path); }

  // Reads a regular file of the context whatever .dockerignore says: Docker always sends the
  // Dockerfile and .dockerignore (they just stay invisible to COPY when ignored). nullopt when
  // missing or not a regular file; throws past `max_size`.
  std::optional<std::string> read_unfiltered(std::string_view path,
                                             size_t max_size = 16u << 20) const;

 private:
  BuildContext() = default;
  void load_ignore_file(const std::optional<std::string>& dockerfile_in_context,
                        const std::optional<std::filesystem::path>& dockerfile_on_host);

  std::filesystem::path root_;
  UniqueFd root_fd_;
  std::unique_ptr<TempDir> scratch_;  // owns root_ for tar and empty contexts
  IgnoreMatcher ignore_;
  std::string ignore_file_;
};

// What `berth build -` got on stdin: a context archive (then the Dockerfile is inside it), or
// a Dockerfile and no context. Decided by content, as the docker CLI does.
struct StdinBuildInput {
  BuildContext context;
  std::optional<std::string> dockerfile;  // set when stdin was a Dockerfile
};
StdinBuildInput read_build_stdin(int fd, const std::filesystem::path& scratch_parent,
                                 const image::TarLimits& limits = image::kArchiveLimits,
                                 size_t max_dockerfile_size = 16u << 20);

}  // namespace berth::build
