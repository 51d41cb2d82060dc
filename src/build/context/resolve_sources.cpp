#include "build/context/resolve_sources.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "base/error.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "build/context/glob.hpp"

namespace berth::build {
namespace {

constexpr int kMaxSymlinks = 40;

std::vector<std::string> split_components(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > pos) out.emplace_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

std::string join_components(const std::vector<std::string>& parts, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) out = join_relative(out, parts[i]);
  return out;
}

std::string read_link_at(int dir_fd, const char* name) {
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = ::readlinkat(dir_fd, name, buf.data(), buf.size());
    if (n < 0) throw_errno("readlink");
    if (static_cast<size_t>(n) < buf.size()) {
      buf.resize(static_cast<size_t>(n));
      return buf;
    }
    buf.resize(buf.size() * 2);
  }
}

// lstat of a clean context path; the path is opened in the root, so a symlink swapped in on
// the way still cannot lead out.
std::optional<struct stat> lstat_in_context(int root_fd, const std::string& path) {
  int fd = openat2_in_root(root_fd, path, O_PATH | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  UniqueFd owned(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) return std::nullopt;
  return st;
}

SourceEntry entry_from_stat(const struct stat& st, std::string relative) {
  SourceEntry e;
  e.relative = std::move(relative);
  e.type = S_ISDIR(st.st_mode)   ? EntryType::kDirectory
           : S_ISLNK(st.st_mode) ? EntryType::kSymlink
                                 : EntryType::kFile;
  e.mode = st.st_mode & 07777;
  e.size = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
  e.mtime = st.st_mtim;
  e.device = st.st_dev;
  e.inode = st.st_ino;
  e.links = st.st_nlink;
  return e;
}

std::string not_found(const std::string& path) {
  return "failed to compute cache key: failed to calculate checksum of ref context: \"/" + path +
         "\": not found";
}

[[noreturn]] void special_file(const std::string& path) {
  throw Error("COPY of \"/" + path +
              "\": FIFOs and device nodes from the build context are not supported yet");
}

class Resolver {
 public:
  Resolver(const BuildContext& context, const ResolveOptions& options)
      : context_(context), excludes_(options.excludes), parents_(options.parents) {}

  void resolve(const std::string& written, std::vector<CopySource>& out);

 private:
  bool visible(const std::string& path, const struct stat& st);
  void add_match(const std::string& written, const std::string& logical, const std::string& pivot,
                 bool required, std::vector<CopySource>& out);
  bool walk(int dir_fd, const std::string& context_dir, const std::string& relative,
            const std::string& dest_base, bool apply_excludes, std::vector<SourceEntry>& out);
  void match_wildcards(const std::vector<std::string>& parts, size_t index,
                       const std::string& logical, const std::string& physical,
                       std::vector<std::string>& matches);

  const BuildContext& context_;
  IgnoreMatcher excludes_;
  bool parents_;
};

// An ignored path does not exist, except a directory that still holds a re-included path
// ("!dir/keep"): it exists as that path's parent.
bool Resolver::visible(const std::string& path, const struct stat& st) {
  if (!context_.is_ignored(path)) return true;
  if (!S_ISDIR(st.st_mode) || !context_.ignore().has_exceptions()) return false;
  int fd = openat2_in_root(context_.root_fd(), path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (fd < 0) return false;
  UniqueFd dir(fd);
  std::vector<SourceEntry> scratch;
  return walk(dir.get(), path, "", "", false, scratch);
}

bool Resolver::walk(int dir_fd, const std::string& context_dir, const std::string& relative,
                    const std::string& dest_base, bool apply_excludes,
                    std::vector<SourceEntry>& out) {
  int dup = ::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
  if (dup < 0) throw_errno("dup directory fd");
  DIR* dir = ::fdopendir(dup);
  if (!dir) {
    ::close(dup);
    throw_errno("read directory \"/" + context_dir + "\"");
  }
  std::vector<std::string> names;
  while (dirent* d = ::readdir(dir)) {
    std::string_view n = d->d_name;
    if (n != "." && n != "..") names.emplace_back(n);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());

  size_t before = out.size();
  for (const auto& name : names) {
    struct stat st;
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) continue;  // removed while we looked
      throw_errno("stat \"/" + join_relative(context_dir, name) + "\"");
    }
    std::string context_path = join_relative(context_dir, name);
    std::string rel = join_relative(relative, name);
    bool ignored = context_.is_ignored(context_path);
    bool excluded = apply_excludes && excludes_.matches(join_relative(dest_base, rel));
    bool is_dir = S_ISDIR(st.st_mode);
    if (ignored || excluded) {
      // A hidden directory is entered only when an exception could bring something back.
      bool may_reinclude = is_dir && (!ignored || context_.ignore().has_exceptions()) &&
                           (!excluded || excludes_.has_exceptions());
      if (!may_reinclude) continue;
    }
    if (S_ISSOCK(st.st_mode)) continue;  // sockets are never copied, as in Docker's tar
    if (!is_dir && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) special_file(context_path);

    size_t mark = out.size();
    out.push_back(entry_from_stat(st, rel));
    if (S_ISLNK(st.st_mode)) out.back().link_target = read_link_at(dir_fd, name.c_str());
    if (!is_dir) continue;
    UniqueFd child(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!child.valid()) throw_errno("open directory \"/" + context_path + "\"");
    bool any = walk(child.get(), context_path, rel, dest_base, apply_excludes, out);
    if ((ignored || excluded) && !any) out.resize(mark);  // nothing came back: stays hidden
  }
  return out.size() > before;
}

void Resolver::match_wildcards(const std::vector<std::string>& parts, size_t index,
                               const std::string& logical, const std::string& physical,
                               std::vector<std::string>& matches) {
  int fd = openat2_in_root(context_.root_fd(), physical, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (fd < 0) return;
  UniqueFd dir_fd(fd);
  GoPattern pattern(parts[index]);
  DIR* dir = ::fdopendir(dir_fd.release());
  if (!dir) throw_errno("read directory \"/" + physical + "\"");
  std::vector<std::string> names;
  while (dirent* d = ::readdir(dir)) {
    std::string_view n = d->d_name;
    if (n != "." && n != ".." && pattern.matches(n)) names.emplace_back(n);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    std::string l = join_relative(logical, name);
    std::string p = join_relative(physical, name);
    if (index + 1 == parts.size()) {
      matches.push_back(l);
      continue;
    }
    // Like Go's filepath.Walk, only real directories are entered on the way to a match.
    auto st = lstat_in_context(context_.root_fd(), p);
    if (st && S_ISDIR(st->st_mode)) match_wildcards(parts, index + 1, l, p, matches);
  }
}

void Resolver::add_match(const std::string& written, const std::string& logical,
                         const std::string& pivot, bool required, std::vector<CopySource>& out) {
  int root = context_.root_fd();
  auto lexical = lstat_in_context(root, logical);
  auto physical = resolve_in_context(root, logical);
  std::optional<struct stat> st;
  if (physical) st = lstat_in_context(root, *physical);
  if (!lexical || !st || !visible(logical, *lexical) || !visible(*physical, *st)) {
    if (required) throw NotFoundError(not_found(logical));
    return;
  }
  bool is_dir = S_ISDIR(st->st_mode);
  std::string dest_name;
  if (parents_) {
    dest_name =
        pivot.empty() ? logical : logical.substr(std::min(logical.size(), pivot.size() + 1));
  } else if (!is_dir) {
    dest_name = std::string(split_last(logical).second);
  }
  if (!dest_name.empty() && excludes_.matches(dest_name)) return;

  CopySource source;
  source.written = written;
  source.path = *physical;
  source.dest_name = dest_name;
  source.keep_parents = parents_;
  source.entries.push_back(entry_from_stat(*st, ""));
  if (is_dir) {
    int fd = openat2_in_root(root, *physical, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd < 0) throw_errno("open directory \"/" + *physical + "\"", -fd);
    UniqueFd dir(fd);
    walk(dir.get(), *physical, "", dest_name, true, source.entries);
  } else if (!S_ISREG(st->st_mode)) {
    special_file(*physical);
  }
  if (parents_) {
    // The directories between the pivot and the source come along with their metadata.
    std::string_view parent = split_last(dest_name).first;
    std::string below;
    for (const auto& part : split_components(parent)) {
      below = join_relative(below, part);
      auto dir_path = resolve_in_context(root, join_relative(pivot, below));
      auto dir_st = dir_path ? lstat_in_context(root, *dir_path) : std::nullopt;
      if (!dir_st || !S_ISDIR(dir_st->st_mode)) throw NotFoundError(not_found(logical));
      source.parent_dirs.push_back(entry_from_stat(*dir_st, below));
    }
  }
  out.push_back(std::move(source));
}

void Resolver::resolve(const std::string& written, std::vector<CopySource>& out) {
  std::string pivot;
  std::string pattern = written;
  if (parents_) {
    if (size_t cut = written.find("/./"); cut != std::string::npos) {
      pivot = written.substr(0, cut);
      pattern = written.substr(cut + 3);
    }
  }
  pivot = clamp_to_root(pivot);
  std::string full = join_relative(pivot, clamp_to_root(pattern));
  if (!has_wildcards(full)) {
    add_match(written, full, pivot, true, out);
    return;
  }
  auto parts = split_components(full);
  size_t first = 0;
  while (first < parts.size() && !has_wildcards(parts[first])) ++first;
  for (size_t i = first; i < parts.size(); ++i) {
    if (!go_pattern_valid(parts[i])) {
      throw InvalidArgumentError("source \"" + written + "\": syntax error in pattern");
    }
  }
  std::string prefix = join_components(parts, 0, first);
  auto physical = resolve_in_context(context_.root_fd(), prefix);
  if (!physical) return;  // an empty wildcard copies nothing, as in BuildKit
  std::vector<std::string> matches;
  match_wildcards(parts, first, prefix, *physical, matches);
  for (const auto& m : matches) add_match(written, m, pivot, false, out);
}

}  // namespace

std::optional<std::string> resolve_in_context(int root_fd, std::string_view path) {
  std::vector<std::string> pending = split_components(path);
  std::reverse(pending.begin(), pending.end());
  std::vector<std::string> resolved;
  int links = 0;
  while (!pending.empty()) {
    std::string part = std::move(pending.back());
    pending.pop_back();
    if (part == ".") continue;
    if (part == "..") {
      if (!resolved.empty()) resolved.pop_back();  // ".." stops at the context root
      continue;
    }
    std::string candidate = join_components(resolved, 0, resolved.size());
    candidate = join_relative(candidate, part);
    int fd = openat2_in_root(root_fd, candidate, O_PATH | O_NOFOLLOW);
    if (fd < 0) return std::nullopt;
    UniqueFd owned(fd);
    struct stat st;
    if (::fstat(fd, &st) != 0) return std::nullopt;
    if (!S_ISLNK(st.st_mode)) {
      resolved.push_back(std::move(part));
      continue;
    }
    if (++links > kMaxSymlinks) return std::nullopt;
    std::string target = read_link_at(fd, "");
    if (target.starts_with('/')) resolved.clear();  // absolute: from the context root
    auto more = split_components(target);
    pending.insert(pending.end(), more.rbegin(), more.rend());
  }
  return join_components(resolved, 0, resolved.size());
}

std::vector<CopySource> resolve_sources(const BuildContext& context,
                                        const std::vector<std::string>& sources,
                                        const ResolveOptions& options) {
  if (sources.empty()) throw InvalidArgumentError("no source files were specified");
  Resolver resolver(context, options);
  std::vector<CopySource> out;
  for (const auto& source : sources) resolver.resolve(source, out);
  return out;
}

CopySource inline_source(const std::string& name, std::string content) {
  CopySource source;
  source.origin = CopySource::Origin::kInline;
  source.written = "<<" + name;
  source.dest_name = std::string(split_last(clamp_to_root(name)).second);
  SourceEntry e;
  e.type = EntryType::kFile;
  e.mode = 0644;
  e.size = content.size();
  ::clock_gettime(CLOCK_REALTIME, &e.mtime);
  source.entries.push_back(std::move(e));
  source.content = std::move(content);
  return source;
}

}  // namespace berth::build
