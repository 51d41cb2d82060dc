#pragma once
// One HTTP(S) client over a reused libcurl handle (keep-alive across a pull's requests).
// Redirects are not followed here: the registry client follows them itself, so that no
// credential goes to another host.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/curl_library.hpp"
#include "registry/registry_tls.hpp"

namespace berth::registry {

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lowercase; the last of repeated ones
  std::string body;                            // unless streamed to a sink
  std::string header(const std::string& name) const;
};

// Takes the body of a 2xx answer piece by piece; returns false to abort the transfer.
using BodySink = std::function<bool(const char* data, size_t size)>;

// A transport failure (DNS, connection, TLS, timeout): no HTTP answer at all.
class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a PUT or POST sends: bytes in memory, or a file read from its start (a blob).
struct RequestBody {
  std::string_view bytes;
  int fd = -1;
  int64_t size = 0;    // of the part of the file sent; bytes.size() otherwise
  int64_t offset = 0;  // where in the file that part starts

  int64_t length() const { return fd >= 0 ? size : static_cast<int64_t>(bytes.size()); }
};

class HttpConnection {
 public:
  // public_addresses_only: every connection (the registry's, the token realm's, a redirect's)
  // goes to a public address, checked on the address really connected (base/address_policy).
  explicit HttpConnection(bool public_addresses_only = false);
  // TLS for URLs on `origin` ("https://host:port"): CAs for every request (the bundle holds
  // the system's too), the client certificate only for that origin.
  // verify: false for an insecure registry (its certificate is not checked).
  void set_tls(std::string origin, RegistryTls tls, bool verify = true) {
    tls_origin_ = std::move(origin);
    tls_ = std::move(tls);
    verify_tls_ = verify;
  }
  // `sink` gets a 2xx body; any other body is kept in the response, at most `max_body` bytes
  // (an error, not a truncation, beyond). Throws TransportError.
  HttpResponse request(const std::string& method, const std::string& url,
                       const std::vector<std::string>& headers, const BodySink& sink = {},
                       size_t max_body = 4 << 20, const RequestBody* body = nullptr);

 private:
  const CurlLibrary& curl_;
  CurlHandle handle_;
  bool public_addresses_only_;
  std::string tls_origin_;
  RegistryTls tls_;
  bool verify_tls_ = true;
};

}  // namespace berth::registry
