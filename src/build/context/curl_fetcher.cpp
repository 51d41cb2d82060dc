#include "build/context/curl_fetcher.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <unistd.h>

#include <memory>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace berth::build {

namespace {

size_t write_body(char* data, size_t size, size_t count, void* user) {
  int fd = *static_cast<int*>(user);
  size_t total = size * count;
  size_t off = 0;
  while (off < total) {
    ssize_t n = ::write(fd, data + off, total - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;  // makes curl stop with CURLE_WRITE_ERROR
    off += static_cast<size_t>(n);
  }
  return total;
}

}  // namespace

FetchedFile CurlFetcher::fetch(const std::string& url, const std::filesystem::path& into_dir) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialised) throw Error("ADD " + url + ": libcurl initialisation failed");
  auto path = into_dir / url_file_name(url);
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) throw_errno("ADD " + url + ": create " + path.string());
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw Error("ADD " + url + ": libcurl initialisation failed");
  int out = fd.get();
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(curl.get(), CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_FILETIME, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &out);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) {
    throw Error("ADD " + url + ": " + (error[0] ? error : curl_easy_strerror(rc)));
  }
  FetchedFile file;
  file.path = path;
  curl_off_t filetime = -1;
  if (curl_easy_getinfo(curl.get(), CURLINFO_FILETIME_T, &filetime) == CURLE_OK && filetime > 0) {
    file.mtime.tv_sec = static_cast<time_t>(filetime);
  }
  return file;
}

}  // namespace berth::build
