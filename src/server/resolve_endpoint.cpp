#include "server/resolve_endpoint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "server/api/api_support.hpp"
#include "server/api/repo_revision.hpp"
#include "server/byte_range.hpp"
#include "server/url_path.hpp"
#include "spaces/git/git_blob_stream.hpp"
#include "spaces/git/git_tree.hpp"
#include "spaces/lfs_object_store.hpp"

namespace berth::server {
namespace {

constexpr size_t kChunk = 256 * 1024;

struct ResolveTarget {
  std::string space_id;
  std::string_view raw_revision;
  std::string_view raw_path;
};

// "/spaces/{owner}/{name}/resolve/{rev}/{path}"; nullopt for any other path.
std::optional<ResolveTarget> parse_target(std::string_view path) {
  constexpr std::string_view kPrefix = "/spaces/";
  if (!path.starts_with(kPrefix)) return std::nullopt;
  std::string_view rest = path.substr(kPrefix.size());
  size_t owner_end = rest.find('/');
  if (owner_end == std::string_view::npos) return std::nullopt;
  size_t name_end = rest.find('/', owner_end + 1);
  if (name_end == std::string_view::npos) return std::nullopt;
  std::string_view after = rest.substr(name_end);
  constexpr std::string_view kResolve = "/resolve/";
  if (!after.starts_with(kResolve)) return std::nullopt;
  after.remove_prefix(kResolve.size());
  size_t slash = after.find('/');
  ResolveTarget target{
      .space_id = std::string(rest.substr(0, name_end)),
      .raw_revision = after.substr(0, slash),
      .raw_path = slash == std::string_view::npos ? std::string_view() : after.substr(slash + 1)};
  return target;
}

// A header value without line breaks or other control characters.
std::string header_value(std::string_view text) {
  std::string out;
  for (char c : text) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  return out;
}

// respond_api_error, with the commit the revision resolved to: huggingface_hub records a
// missing file per commit (.no_exist) from it.
void respond_missing(Exchange& ex, const ApiError& error, const std::string& commit) {
  ex.respond(error.status, "application/json", Json{{"error", error.message}}.dump(),
             {{"X-Error-Code", error.error_code},
              {"X-Error-Message", header_value(error.message)},
              {"X-Repo-Commit", commit}});
}

std::string decode_or_400(std::string_view raw, std::string_view what) {
  auto text = decode_url_path(raw);
  if (!text) {
    throw ApiError{http::status::bad_request,
                   "Malformed percent-encoding in the " + std::string(what)};
  }
  return std::move(*text);
}

// The bytes of an LFS object, from a descriptor.
class FileSource {
 public:
  explicit FileSource(UniqueFd fd) : fd_(std::move(fd)) {}
  void skip(uint64_t bytes) { offset_ += bytes; }
  size_t read(char* data, size_t size) {
    ssize_t n;
    do {
      n = ::pread(fd_.get(), data, size, static_cast<off_t>(offset_));
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw Error(std::string("reading an LFS object: ") + std::strerror(errno));
    offset_ += static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
  }

 private:
  UniqueFd fd_;
  uint64_t offset_ = 0;
};

// The bytes of a blob, from git.
class BlobSource {
 public:
  explicit BlobSource(std::unique_ptr<spaces::GitOutputStream> git) : git_(std::move(git)) {}
  void skip(uint64_t bytes) {
    char sink[64 * 1024];
    while (bytes > 0) {
      size_t n = git_->read(sink, static_cast<size_t>(std::min<uint64_t>(bytes, sizeof sink)));
      if (n == 0) return;
      bytes -= n;
    }
  }
  size_t read(char* data, size_t size) { return git_->read(data, size); }

 private:
  std::unique_ptr<spaces::GitOutputStream> git_;
};

// Sends `range` of `source`; a source that ends early (a file changed under us, git killed)
// cuts the connection, so the client sees a short body instead of a wrong one.
template <typename Source>
void send_range(Exchange& ex, Source& source, const ByteRange& range) {
  source.skip(range.first);
  std::string buffer(kChunk, '\0');
  uint64_t left = range.length();
  while (left > 0) {
    size_t n = source.read(buffer.data(), static_cast<size_t>(std::min<uint64_t>(left, kChunk)));
    if (n == 0) {
      ex.close_after();
      return;
    }
    ex.write_chunk(std::string_view(buffer.data(), n));
    left -= n;
  }
}

}  // namespace

bool ResolveEndpoint::handle(Exchange& ex) {
  auto target = parse_target(ex.path());
  if (!target) return false;
  const auto method = ex.request().method();
  try {
    if (method != http::verb::get && method != http::verb::head) {
      throw ApiError{http::status::method_not_allowed, "Files are read with GET or HEAD"};
    }
    auto who = ctx_.identify(ex);
    auto space = ctx_.db.with(
        [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.find(target->space_id); });
    if (!space || !ServerContext::can_read(*space, who)) throw repo_not_found();

    std::string revision = decode_or_400(target->raw_revision, "revision");
    std::string path = request_repo_path(decode_or_400(target->raw_path, "path"));
    auto repository = space_repository(ctx_, *space);
    std::string commit = resolve_request_revision(repository, revision);
    auto entry = path.empty() ? std::nullopt : spaces::find_tree_entry(repository, commit, path);
    if (!entry || entry->is_directory()) {
      respond_missing(ex, entry_not_found(path, revision), commit);
      return true;
    }
    std::vector<spaces::TreeEntry> one = {*entry};
    spaces::read_lfs_pointers(repository, one);
    const auto& file = one.front();

    // An LFS file is served with its object's content, which must be in the Space's store.
    std::optional<FileSource> lfs_source;
    uint64_t size = file.size;
    if (file.lfs) {
      auto object = spaces::lfs_object_path(repository.parent_path(), file.lfs->oid);
      UniqueFd fd(::open(object.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
      struct stat st {};
      if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
          static_cast<uint64_t>(st.st_size) != file.lfs->size) {
        respond_missing(ex,
                        ApiError{http::status::not_found,
                                 "Entry not found: the content of LFS file " + path + " (sha256 " +
                                     file.lfs->oid + ") is not stored on this server",
                                 "EntryNotFound"},
                        commit);
        return true;
      }
      lfs_source.emplace(std::move(fd));
      size = file.lfs->size;
    }

    const std::string etag = "\"" + (file.lfs ? file.lfs->oid : file.oid) + "\"";
    ResponseHeader header;
    header.version(ex.request().version());
    header.set("X-Repo-Commit", commit);
    header.set(http::field::etag, etag);
    header.set(http::field::accept_ranges, "bytes");
    // Never rendered as a page on the API's host: the content is the Space owner's.
    header.set(http::field::content_type, "application/octet-stream");
    header.set("X-Content-Type-Options", "nosniff");
    header.set("Content-Security-Policy", "default-src 'none'; sandbox");
    if (file.lfs) {
      header.set("X-Linked-Etag", etag);
      header.set("X-Linked-Size", std::to_string(size));
    }
    RangeRequest range = parse_range(ex.request()[http::field::range], size);
    if (range.kind == RangeRequest::Kind::kUnsatisfiable) {
      header.result(http::status::range_not_satisfiable);
      header.set(http::field::content_range, "bytes */" + std::to_string(size));
      header.set(http::field::content_length, "0");
      ex.begin_stream(std::move(header));
      return true;
    }
    ByteRange bytes = range.kind == RangeRequest::Kind::kPartial
                          ? range.range
                          : ByteRange{.first = 0, .last = size == 0 ? 0 : size - 1};
    uint64_t length = size == 0 ? 0 : bytes.length();
    if (range.kind == RangeRequest::Kind::kPartial) {
      header.result(http::status::partial_content);
      header.set(http::field::content_range, "bytes " + std::to_string(bytes.first) + "-" +
                                                 std::to_string(bytes.last) + "/" +
                                                 std::to_string(size));
    } else {
      header.result(http::status::ok);
    }
    header.set(http::field::content_length, std::to_string(length));
    ex.begin_stream(std::move(header));
    if (method == http::verb::head || length == 0) return true;
    if (lfs_source) {
      send_range(ex, *lfs_source, bytes);
    } else {
      BlobSource blob(spaces::stream_blob(repository, file.oid));
      send_range(ex, blob, bytes);
    }
  } catch (const ApiError& e) {
    if (ex.responded()) {
      ex.close_after();  // the answer began: the connection's end tells the client
    } else {
      respond_api_error(ex, e);
    }
  }
  return true;
}

}  // namespace berth::server
