#include "build/context/curl_fetcher.hpp"

#include <curl/curl.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <memory>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace berth::build {

namespace {

// The libcurl functions this file uses, from libcurl.so.4 loaded on first use.
struct CurlApi {
  CURLcode (*global_init)(long);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
};

const CurlApi& curl_api() {
  static const CurlApi api = [] {
    void* lib = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      throw Error(std::string("ADD from a URL needs libcurl (apt-get install libcurl4): ") +
                  ::dlerror());
    }
    auto symbol = [lib](const char* name) {
      void* p = ::dlsym(lib, name);
      if (!p) throw Error(std::string("libcurl.so.4 lacks ") + name);
      return p;
    };
    CurlApi a;
    a.global_init = reinterpret_cast<decltype(a.global_init)>(symbol("curl_global_init"));
    a.easy_init = reinterpret_cast<decltype(a.easy_init)>(symbol("curl_easy_init"));
    a.easy_setopt = reinterpret_cast<decltype(a.easy_setopt)>(symbol("curl_easy_setopt"));
    a.easy_perform = reinterpret_cast<decltype(a.easy_perform)>(symbol("curl_easy_perform"));
    a.easy_getinfo = reinterpret_cast<decltype(a.easy_getinfo)>(symbol("curl_easy_getinfo"));
    a.easy_cleanup = reinterpret_cast<decltype(a.easy_cleanup)>(symbol("curl_easy_cleanup"));
    a.easy_strerror = reinterpret_cast<decltype(a.easy_strerror)>(symbol("curl_easy_strerror"));
    if (a.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw Error("libcurl initialisation failed");
    return a;
  }();
  return api;
}

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
  const CurlApi& curl_lib = curl_api();
  auto path = into_dir / url_file_name(url);
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) throw_errno("ADD " + url + ": create " + path.string());
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_lib.easy_init(), curl_lib.easy_cleanup);
  if (!curl) throw Error("ADD " + url + ": libcurl initialisation failed");
  int out = fd.get();
  char error[CURL_ERROR_SIZE] = "";
  curl_lib.easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_lib.easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_lib.easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 10L);
  curl_lib.easy_setopt(curl.get(), CURLOPT_FAILONERROR, 1L);
  curl_lib.easy_setopt(curl.get(), CURLOPT_FILETIME, 1L);
  curl_lib.easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 30L);
  curl_lib.easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_lib.easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, write_body);
  curl_lib.easy_setopt(curl.get(), CURLOPT_WRITEDATA, &out);
  curl_lib.easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_lib.easy_perform(curl.get());
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
