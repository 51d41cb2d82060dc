#include "build/executor/bind_mount.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "base/error.hpp"
#include "base/fs.hpp"
#include "build/context/resolve_sources.hpp"
#include "build/executor/stage_state.hpp"
#include "runtime/rootfs.hpp"

namespace berth::build {

// The source of a RUN --mount=type=bind,rw: writable for the RUN, unchanged afterwards. A
// directory gets an overlay with a scratch upper dir, a file a scratch copy.
class WritableBind {
 public:
  WritableBind(const std::filesystem::path& scratch, const std::filesystem::path& source)
      : dir_((ensure_directory(scratch, 0700), scratch), "bind-rw-") {
    if (std::filesystem::is_directory(source)) {
      runtime::mount_rootfs(runtime::RootfsLayout::in(dir_.path()), {source}, true);
      path_ = runtime::RootfsLayout::in(dir_.path()).merged;
      mounted_ = true;
    } else {
      path_ = dir_.path() / source.filename();
      std::filesystem::copy_file(source, path_);
    }
  }
  ~WritableBind() {
    if (!mounted_) return;
    try {
      runtime::unmount_rootfs(runtime::RootfsLayout::in(dir_.path()));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: %s\n", e.what());
    }
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  TempDir dir_;
  std::filesystem::path path_;
  bool mounted_ = false;
};

BindMountPreparer::BindMountPreparer(std::filesystem::path context_root,
                                     std::filesystem::path scratch, MountFrom mount_from)
    : context_root_(std::move(context_root)),
      scratch_(std::move(scratch)),
      mount_from_(std::move(mount_from)) {}

BindMountPreparer::~BindMountPreparer() = default;

void BindMountPreparer::prepare(const RunMount& m, RunStep& r) {
  std::filesystem::path base;
  if (m.from.empty()) {
    base = context_root_;
  } else {
    mounted_stages_.push_back(mount_from_(m.from));
    base = mounted_stages_.back()->merged();
  }
  UniqueFd base_fd(::open(base.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  auto resolved = resolve_in_context(
      base_fd.get(),
      std::filesystem::path(m.source.empty() ? "." : m.source).lexically_normal().string());
  if (!resolved) throw Error("--mount=type=bind: source " + m.source + " not found");
  std::filesystem::path source = base / *resolved;
  if (!m.readonly) {
    writable_binds_.push_back(std::make_unique<WritableBind>(scratch_, source));
    source = writable_binds_.back()->path();
  }
  r.mounts.push_back(
      {"bind", source.string(), resolve_workdir(r.workdir, m.target), m.readonly, {"rbind"}});
}

}  // namespace berth::build
