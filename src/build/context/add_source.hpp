#pragma once
// ADD's remote sources. URLs are downloaded through a Fetcher (CurlFetcher in the build; tests
// use fakes); the result is checked against --checksum, never
// extracted, lands as a 0600 file named after the URL path, as in Docker. Git sources are not
// supported yet. --checksum follows BuildKit: ADD only, one source, HTTP(S) or git only.
#include <time.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "build/context/copy_source.hpp"

namespace berth::build {

enum class SourceKind { kLocal, kUrl, kGit };

// "http(s)://…" is a URL unless it names a git repository ("….git", "….git#ref");
// "git@host:…", "git://…" and "ssh://…" are git. Everything else is a context path.
SourceKind classify_source(std::string_view source);

// BuildKit's checks on ADD/COPY --checksum (COPY: refused; several sources; local ones).
void validate_checksum_flag(bool is_add, const std::vector<std::string>& sources,
                            std::string_view checksum);

// The name a downloaded file gets: the last element of the URL path, "__unnamed__" if none.
std::string url_file_name(std::string_view url);

struct FetchedFile {
  std::filesystem::path path;  // inside the directory fetch() was given
  timespec mtime{};            // Last-Modified, or 0
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Downloads `url` into a new file inside `into_dir`. Throws berth::Error on failure.
  virtual FetchedFile fetch(const std::string& url, const std::filesystem::path& into_dir) = 0;
};

// The Fetcher of a build without an HTTP client.
class UnsupportedFetcher : public Fetcher {
 public:
  FetchedFile fetch(const std::string& url, const std::filesystem::path& into_dir) override;
};

// Downloads an ADD URL source with `fetcher` into `scratch_dir` (which must outlive the
// copy), verifies `checksum` ("sha256:<hex>") when given, and returns it as a source to copy.
// Git sources throw "not supported yet".
CopySource resolve_url_source(Fetcher& fetcher, const std::string& url,
                              const std::optional<std::string>& checksum,
                              const std::filesystem::path& scratch_dir);

}  // namespace berth::build
