#include "build/context/build_context.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/error.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "build/context/dockerignore.hpp"
#include "image/layer/unpack_tar.hpp"

namespace berth::build {

BuildContext::BuildContext(BuildContext&&) noexcept = default;
BuildContext& BuildContext::operator=(BuildContext&&) noexcept = default;
BuildContext::~BuildContext() = default;

namespace {

UniqueFd open_root(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT)
      throw NotFoundError("unable to prepare context: path \"" + dir.string() + "\" not found");
    throw_errno("unable to prepare context: open " + dir.string());
  }
  return fd;
}

}  // namespace

std::optional<std::string> BuildContext::read_unfiltered(std::string_view path,
                                                         size_t max_size) const {
  // O_PATH first: opening a FIFO would block, a device node could act; only a regular file is
  // then opened for reading, through the very inode that was checked.
  int raw = openat2_in_root(root_fd(), clamp_to_root(path), O_PATH);
  if (raw < 0) return std::nullopt;
  UniqueFd path_fd(raw);
  struct stat st;
  if (::fstat(path_fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::string proc = "/proc/self/fd/" + std::to_string(path_fd.get());
  UniqueFd fd(::open(proc.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) throw_errno("open " + std::string(path) + " in the build context");
  std::string out;
  char buf[16384];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read " + std::string(path) + " in the build context");
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_size) {
      throw Error(std::string(path) + " in the build context is larger than " +
                  std::to_string(max_size) + " bytes");
    }
  }
  return out;
}

void BuildContext::load_ignore_file(
    const std::optional<std::string>& dockerfile_in_context,
    const std::optional<std::filesystem::path>& dockerfile_on_host) {
  std::optional<std::string> chosen;
  std::optional<std::string> text;
  if (dockerfile_on_host) {
    // The Dockerfile-specific file lives next to the Dockerfile, wherever that is.
    std::string specific = dockerfile_on_host->string() + ".dockerignore";
    struct stat st;
    if (::stat(specific.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      chosen = specific;
      text = read_file(specific);
    }
  }
  if (!chosen) {
    auto exists = [this](const std::string& p) { return read_unfiltered(p).has_value(); };
    chosen = choose_dockerignore(dockerfile_in_context, "", exists);
    if (chosen) text = read_unfiltered(*chosen);
  }
  if (!chosen || !text) return;
  ignore_file_ = *chosen;
  ignore_ = parse_dockerignore(*text, ignore_file_);
}

BuildContext BuildContext::from_directory(const std::filesystem::path& dir,
                                          const std::optional<std::filesystem::path>& dockerfile) {
  BuildContext ctx;
  ctx.root_ = dir;
  ctx.root_fd_ = open_root(dir);
  struct stat st;
  if (::fstat(ctx.root_fd_.get(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw InvalidArgumentError("unable to prepare context: " + dir.string() +
                               " is not a directory");
  }
  ctx.load_ignore_file(std::nullopt, dockerfile);
  return ctx;
}

BuildContext BuildContext::from_tar(int fd, const std::filesystem::path& scratch_parent,
                                    const std::optional<std::string>& dockerfile,
                                    const image::TarLimits& limits) {
  BuildContext ctx;
  ctx.scratch_ = std::make_unique<TempDir>(scratch_parent, "berth-context-");
  ctx.root_ = ctx.scratch_->path();
  ctx.root_fd_ = open_root(ctx.root_);
  image::TarPolicy policy = image::TarPolicy::build_context();
  policy.limits = limits;
  with_context("build context", [&] { image::unpack_tar(fd, ctx.root_fd(), policy); });
  std::optional<std::string> in_context;
  if (dockerfile) in_context = clamp_to_root(*dockerfile);
  ctx.load_ignore_file(in_context, std::nullopt);
  return ctx;
}

BuildContext BuildContext::none(const std::filesystem::path& scratch_parent) {
  BuildContext ctx;
  ctx.scratch_ = std::make_unique<TempDir>(scratch_parent, "berth-context-");
  ctx.root_ = ctx.scratch_->path();
  ctx.root_fd_ = open_root(ctx.root_);
  return ctx;
}

StdinBuildInput read_build_stdin(int fd, const std::filesystem::path& scratch_parent,
                                 const image::TarLimits& limits, size_t max_dockerfile_size) {
  // Spool stdin to a file first: it is read twice (sniffed, then extracted or kept).
  TempDir spool(scratch_parent, "berth-stdin-");
  std::filesystem::path file = spool.path() / "stdin";
  UniqueFd out(::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!out.valid()) throw_errno("spool stdin");
  std::string head;
  uint64_t total = 0;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read stdin");
    if (n == 0) break;
    if (head.size() < 512) head.append(buf, std::min<size_t>(static_cast<size_t>(n), 512));
    total += static_cast<uint64_t>(n);
    if (total > limits.max_total_bytes + (64u << 20)) {
      throw Error("build context on stdin exceeds the size limit");
    }
    write_all(out.get(), buf, static_cast<size_t>(n), "spool stdin");
  }
  if (::lseek(out.get(), 0, SEEK_SET) != 0) throw_errno("rewind spooled stdin");
  if (image::looks_like_archive(head)) {
    return {BuildContext::from_tar(out.get(), scratch_parent, "Dockerfile", limits), std::nullopt};
  }
  if (total > max_dockerfile_size) throw Error("Dockerfile on stdin is too large");
  return {BuildContext::none(scratch_parent), read_file(file)};
}

}  // namespace berth::build
