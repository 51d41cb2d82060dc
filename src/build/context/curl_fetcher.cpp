#include "build/context/curl_fetcher.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <memory>

#include "base/address_policy.hpp"
#include "base/curl_library.hpp"
#include "base/error.hpp"
#include "base/human_format.hpp"
#include "base/unique_fd.hpp"

namespace berth::build {

namespace {

// What the callbacks of one transfer share.
struct Transfer {
  int fd = -1;
  std::optional<int64_t> max_bytes;
  int64_t written = 0;
  bool too_big = false;
  SocketGuard guard;  // public addresses only, for a Space build
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  int fd = t.fd;
  size_t total = size * count;
  if (t.max_bytes && t.written + static_cast<int64_t>(total) > *t.max_bytes) {
    t.too_big = true;
    return 0;
  }
  t.written += static_cast<int64_t>(total);
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

FetchPolicy FetchPolicy::for_tenant() {
  FetchPolicy p;
  p.public_addresses_only = true;
  p.max_bytes = int64_t{1} << 30;
  p.max_time = std::chrono::minutes(30);
  return p;
}

FetchedFile CurlFetcher::fetch(const std::string& url, const std::filesystem::path& into_dir) {
  const CurlLibrary& curl_lib = CurlLibrary::get("ADD from a URL");
  auto path = into_dir / url_file_name(url);
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) throw_errno("ADD " + url + ": create " + path.string());
  CurlHandle curl = make_curl_handle(curl_lib);
  Transfer transfer;
  transfer.fd = fd.get();
  transfer.max_bytes = policy_.max_bytes;
  transfer.guard.public_only = policy_.public_addresses_only;
  char error[CURL_ERROR_SIZE] = "";
  curl_lib.easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_lib.easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_lib.easy_setopt(curl.get(), CURLOPT_MAXREDIRS, policy_.max_redirects);
  curl_lib.easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_lib.easy_setopt(curl.get(), CURLOPT_OPENSOCKETFUNCTION, open_guarded_socket);
  curl_lib.easy_setopt(curl.get(), CURLOPT_OPENSOCKETDATA, &transfer.guard);
  if (policy_.public_addresses_only) {
    // A proxy would be the address connected to, and it fetches wherever it is told.
    curl_lib.easy_setopt(curl.get(), CURLOPT_NOPROXY, "*");
  }
  if (policy_.max_bytes) {
    curl_lib.easy_setopt(curl.get(), CURLOPT_MAXFILESIZE_LARGE,
                         static_cast<curl_off_t>(*policy_.max_bytes));
  }
  if (policy_.max_time) {
    curl_lib.easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(policy_.max_time->count()));
  }
  curl_lib.easy_setopt(curl.get(), CURLOPT_FAILONERROR, 1L);
  curl_lib.easy_setopt(curl.get(), CURLOPT_FILETIME, 1L);
  curl_lib.easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 30L);
  curl_lib.easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_lib.easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, write_body);
  curl_lib.easy_setopt(curl.get(), CURLOPT_WRITEDATA, &transfer);
  curl_lib.easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_lib.easy_perform(curl.get());
  if (!transfer.guard.refused.empty()) {
    throw Error("ADD " + url + ": connecting to " + transfer.guard.refused +
                ", which a Space build may not reach");
  }
  if (transfer.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
    throw Error("ADD " + url + ": the download exceeds the limit of " +
                human_size(policy_.max_bytes.value_or(0)));
  }
  if (rc != CURLE_OK) {
    throw Error("ADD " + url + ": " + (error[0] ? error : curl_lib.easy_strerror(rc)));
  }
  FetchedFile file;
  file.path = path;
  curl_off_t filetime = -1;
  if (curl_lib.easy_getinfo(curl.get(), CURLINFO_FILETIME_T, &filetime) == CURLE_OK &&
      filetime > 0) {
    file.mtime.tv_sec = static_cast<time_t>(filetime);
  }
  return file;
}

}  // namespace berth::build
