#include "build/context/add_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/digest.hpp"
#include "base/error.hpp"
#include "base/fs.hpp"
#include "base/unique_fd.hpp"

namespace berth::build {
namespace {

bool is_http(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

std::string_view url_path(std::string_view url) {
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return {};
  std::string_view path = rest.substr(slash);
  size_t end = path.find_first_of("?#");
  return end == std::string_view::npos ? path : path.substr(0, end);
}

}  // namespace

SourceKind classify_source(std::string_view source) {
  if (source.starts_with("git@") || source.starts_with("git://") || source.starts_with("ssh://")) {
    return SourceKind::kGit;
  }
  if (!is_http(source)) return SourceKind::kLocal;
  if (url_path(source).ends_with(".git")) return SourceKind::kGit;
  return SourceKind::kUrl;
}

void validate_checksum_flag(bool is_add, const std::vector<std::string>& sources,
                            std::string_view checksum) {
  if (checksum.empty()) return;
  if (!is_add) throw InvalidArgumentError("checksum can't be specified for COPY");
  if (sources.size() != 1) {
    throw InvalidArgumentError("checksum can't be specified for multiple sources");
  }
  if (classify_source(sources[0]) == SourceKind::kLocal) {
    throw InvalidArgumentError("checksum requires HTTP(S) or Git sources");
  }
  Digest::parse(checksum);  // a malformed digest is refused before anything is fetched
}

std::string url_file_name(std::string_view url) {
  std::string_view path = url_path(url);
  while (path.ends_with('/')) path.remove_suffix(1);
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (base.empty() || base == "." || base == "..") return "__unnamed__";
  return std::string(base);
}

FetchedFile UnsupportedFetcher::fetch(const std::string&, const std::filesystem::path&) {
  throw Error("ADD from URL: not supported yet");
}

CopySource resolve_url_source(Fetcher& fetcher, const std::string& url,
                              const std::optional<std::string>& checksum,
                              const std::filesystem::path& scratch_dir) {
  if (classify_source(url) == SourceKind::kGit) throw Error("ADD from git: not supported yet");
  std::optional<Digest> expected;
  if (checksum) expected = Digest::parse(*checksum);
  FetchedFile fetched = fetcher.fetch(url, scratch_dir);

  UniqueFd fd(::open(fetched.path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) throw_errno("open downloaded " + url);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    throw Error("download of " + url + " is not a regular file");
  }
  if (expected) {
    if (expected->algorithm() != "sha256") {
      throw InvalidArgumentError("unsupported checksum algorithm " + expected->algorithm());
    }
    Sha256 h;
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fd.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_errno("read downloaded " + url);
      if (n == 0) break;
      h.update(buf, static_cast<size_t>(n));
    }
    Digest actual = h.finish();
    if (actual != *expected) {
      throw Error("digest mismatch " + actual.str() + ": " + expected->str());
    }
  }
  CopySource source;
  source.origin = CopySource::Origin::kHostFile;
  source.written = url;
  source.path = fetched.path.string();
  source.dest_name = url_file_name(url);
  SourceEntry e;
  e.type = EntryType::kFile;
  e.mode = 0600;  // Docker: downloaded files are 0600
  e.size = static_cast<uint64_t>(st.st_size);
  e.mtime = fetched.mtime;
  source.entries.push_back(std::move(e));
  return source;
}

}  // namespace berth::build
