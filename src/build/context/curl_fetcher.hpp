#pragma once
// ADD's downloads over HTTP(S) with libcurl: redirects followed, HTTP errors are errors, the
// body streamed to a file, Last-Modified kept as the file's mtime (as Docker does).
#include "build/context/add_source.hpp"

namespace berth::build {

class CurlFetcher : public Fetcher {
 public:
  FetchedFile fetch(const std::string& url, const std::filesystem::path& into_dir) override;
};

}  // namespace berth::build
