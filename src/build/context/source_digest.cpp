#include "build/context/source_digest.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "base/error.hpp"
#include "base/safe_fs/confined_open.hpp"
#include "base/safe_fs/path_clean.hpp"
#include "base/unique_fd.hpp"

namespace berth::build {
namespace {

// Every field is length-prefixed, so no two different listings hash the same bytes.
void field(Sha256& h, std::string_view value) {
  std::string size = std::to_string(value.size()) + ":";
  h.update(size);
  h.update(value);
}

std::string_view type_name(EntryType t) {
  switch (t) {
    case EntryType::kFile:
      return "file";
    case EntryType::kDirectory:
      return "dir";
    case EntryType::kSymlink:
      return "symlink";
  }
  return "?";
}

std::string content_digest(const BuildContext& context, const CopySource& source,
                           const SourceEntry& e) {
  if (source.origin == CopySource::Origin::kInline) {
    return Digest::sha256_of(source.content).str();
  }
  constexpr int kFlags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  int fd = source.origin == CopySource::Origin::kHostFile
               ? ::open(source.path.c_str(), kFlags)
               : openat2_in_root(context.root_fd(), join_relative(source.path, e.relative), kFlags);
  if (fd < 0) {
    throw NotFoundError("\"/" + join_relative(source.path, e.relative) + "\": not found");
  }
  UniqueFd in(fd);
  Sha256 h;
  std::vector<char> buf(1 << 20);
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read " + source.written);
    if (n == 0) break;
    h.update(buf.data(), static_cast<size_t>(n));
  }
  return h.finish().str();
}

void entry(Sha256& h, const BuildContext& context, const CopySource& source, const SourceEntry& e,
           bool with_content) {
  field(h, type_name(e.type));
  field(h, e.relative);
  field(h, std::to_string(e.mode));
  field(h, e.type == EntryType::kSymlink ? e.link_target : "");
  field(h, with_content && e.type == EntryType::kFile ? content_digest(context, source, e) : "");
}

}  // namespace

Digest digest_sources(const BuildContext& context, const std::vector<CopySource>& sources) {
  Sha256 h;
  field(h, "berth.copy-sources.v1");
  for (const auto& source : sources) {
    field(h, "source");
    field(h, source.dest_name);
    field(h, source.keep_parents ? "parents" : "");
    for (const auto& parent : source.parent_dirs) entry(h, context, source, parent, false);
    field(h, "entries");
    for (const auto& e : source.entries) entry(h, context, source, e, true);
  }
  return h.finish();
}

Digest digest_inline_source(std::string_view name, std::string_view content) {
  Sha256 h;
  field(h, "berth.inline-source.v1");
  field(h, name);
  field(h, content);
  return h.finish();
}

}  // namespace berth::build
