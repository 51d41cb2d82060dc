#pragma once
// libcurl, loaded with dlopen on first use: linking it would load ~25 more shared libraries
// into every berth command, and only ADD of a URL and the registry client need it.
#include <curl/curl.h>

#include <memory>
#include <string>
#include <string_view>

namespace berth {

struct CurlLibrary {
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  void (*easy_reset)(CURL*);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);

  // Loads libcurl.so.4 once; throws Error naming `needed_for` when it is missing.
  static const CurlLibrary& get(std::string_view needed_for);
};

// CURLOPT_OPENSOCKETFUNCTION for fetches on a tenant's behalf (OPENSOCKETDATA: a
// SocketGuard*). Called for every connection curl opens (the first, each redirect's, each
// address tried) with the address really connected, after DNS, so rebinding cannot slip
// through: with public_only, a non-public one is refused and `refused` says why.
struct SocketGuard {
  bool public_only = false;
  std::string refused;
};
curl_socket_t open_guarded_socket(void* guard, curlsocktype purpose, curl_sockaddr* address);

using CurlHandle = std::unique_ptr<CURL, void (*)(CURL*)>;
// A fresh easy handle; throws Error when libcurl cannot make one.
CurlHandle make_curl_handle(const CurlLibrary& curl);

// A list of request headers, freed with the list.
class CurlHeaders {
 public:
  explicit CurlHeaders(const CurlLibrary& curl) : curl_(curl) {}
  CurlHeaders(const CurlHeaders&) = delete;
  CurlHeaders& operator=(const CurlHeaders&) = delete;
  ~CurlHeaders() { curl_.slist_free_all(list_); }
  void add(const std::string& line);
  curl_slist* get() const { return list_; }

 private:
  const CurlLibrary& curl_;
  curl_slist* list_ = nullptr;
};

}  // namespace berth
