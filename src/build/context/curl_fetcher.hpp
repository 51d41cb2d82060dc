#pragma once
// ADD's downloads over HTTP(S) with libcurl: redirects followed (http and https only), HTTP
// errors are errors, the body streamed to a file, Last-Modified kept as the file's mtime (as
// Docker does). A Space build's fetches connect only to public addresses (checked on every
// connection, after every redirect) and are capped in size and time.
#include <chrono>
#include <cstdint>
#include <optional>

#include "build/context/add_source.hpp"

namespace berth::build {

struct FetchPolicy {
  bool public_addresses_only = false;  // refuse loopback, private, link-local, the host's own
  std::optional<int64_t> max_bytes;
  std::optional<std::chrono::seconds> max_time;
  long max_redirects = 10;

  // What a Space build gets: public addresses only, 1 GiB, 30 minutes.
  static FetchPolicy for_tenant();
};

class CurlFetcher : public Fetcher {
 public:
  explicit CurlFetcher(FetchPolicy policy = {}) : policy_(policy) {}
  FetchedFile fetch(const std::string& url, const std::filesystem::path& into_dir) override;

 private:
  FetchPolicy policy_;
};

}  // namespace berth::build
