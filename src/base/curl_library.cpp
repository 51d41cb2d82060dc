#include "base/curl_library.hpp"

#include <dlfcn.h>
#include <sys/socket.h>

#include <string>

#include "base/address_policy.hpp"
#include "base/error.hpp"

namespace berth {

const CurlLibrary& CurlLibrary::get(std::string_view needed_for) {
  static void* lib = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    throw Error(std::string(needed_for) +
                " needs libcurl (apt-get install libcurl4): " + ::dlerror());
  }
  static const CurlLibrary library = [] {
    auto symbol = [](const char* name) {
      void* p = ::dlsym(lib, name);
      if (!p) throw Error(std::string("libcurl.so.4 lacks ") + name);
      return p;
    };
    CurlLibrary c;
    c.easy_init = reinterpret_cast<decltype(c.easy_init)>(symbol("curl_easy_init"));
    c.easy_setopt = reinterpret_cast<decltype(c.easy_setopt)>(symbol("curl_easy_setopt"));
    c.easy_perform = reinterpret_cast<decltype(c.easy_perform)>(symbol("curl_easy_perform"));
    c.easy_getinfo = reinterpret_cast<decltype(c.easy_getinfo)>(symbol("curl_easy_getinfo"));
    c.easy_reset = reinterpret_cast<decltype(c.easy_reset)>(symbol("curl_easy_reset"));
    c.easy_cleanup = reinterpret_cast<decltype(c.easy_cleanup)>(symbol("curl_easy_cleanup"));
    c.easy_strerror = reinterpret_cast<decltype(c.easy_strerror)>(symbol("curl_easy_strerror"));
    c.slist_append = reinterpret_cast<decltype(c.slist_append)>(symbol("curl_slist_append"));
    c.slist_free_all = reinterpret_cast<decltype(c.slist_free_all)>(symbol("curl_slist_free_all"));
    auto global_init = reinterpret_cast<CURLcode (*)(long)>(symbol("curl_global_init"));
    if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("libcurl initialisation failed");
    return c;
  }();
  return library;
}

curl_socket_t open_guarded_socket(void* guard, curlsocktype, curl_sockaddr* address) {
  auto& g = *static_cast<SocketGuard*>(guard);
  if (g.public_only) {
    std::string why = refuse_reason(&address->addr);
    if (!why.empty()) {
      g.refused = why;
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

CurlHandle make_curl_handle(const CurlLibrary& curl) {
  CurlHandle handle(curl.easy_init(), curl.easy_cleanup);
  if (!handle) throw Error("libcurl could not make a transfer handle");
  return handle;
}

void CurlHeaders::add(const std::string& line) {
  curl_slist* grown = curl_.slist_append(list_, line.c_str());
  if (!grown) throw Error("libcurl: out of memory for a request header");
  list_ = grown;
}

}  // namespace berth
