#include "registry/http_connection.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <exception>

#include "base/address_policy.hpp"
#include "base/error.hpp"

namespace berth::registry {

namespace {

struct Exchange {
  CURL* handle = nullptr;
  const CurlLibrary* curl = nullptr;
  HttpResponse* response = nullptr;
  const BodySink* sink = nullptr;
  size_t max_body = 0;
  bool body_too_large = false;
  bool sink_stopped = false;
  std::exception_ptr sink_error;  // never thrown through libcurl's C frames
  SocketGuard guard;              // public addresses only, for a tenant's pull
  const RequestBody* upload = nullptr;
  int64_t uploaded = 0;
};

// "host:port" of a URL.
std::string authority_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  return url.substr(start, url.find('/', start) - start);
}

// Docker's (Go's) words for the failures people search for; curl's otherwise.
std::string transport_failure(CURLcode rc, const std::string& curl_text, const std::string& url,
                              long os_errno) {
  std::string authority = authority_of(url);
  if (rc == CURLE_COULDNT_RESOLVE_HOST) {
    std::string host = authority.starts_with("[") ? authority.substr(0, authority.find(']') + 1)
                                                  : authority.substr(0, authority.rfind(':'));
    return "dial tcp: lookup " + host + ": no such host";
  }
  if (rc == CURLE_COULDNT_CONNECT && os_errno == ECONNREFUSED) {
    if (authority.find(':') == std::string::npos)
      authority += url.starts_with("https:") ? ":443" : ":80";
    return "dial tcp " + authority + ": connect: connection refused";
  }
  return curl_text;
}

size_t on_read(char* buffer, size_t size, size_t count, void* user) {
  auto& x = *static_cast<Exchange*>(user);
  const RequestBody& body = *x.upload;
  size_t want = static_cast<size_t>(
      std::min<int64_t>(static_cast<int64_t>(size * count), body.length() - x.uploaded));
  if (want == 0) return 0;
  if (body.fd < 0) {
    std::memcpy(buffer, body.bytes.data() + x.uploaded, want);
  } else {
    ssize_t n = ::pread(body.fd, buffer, want, body.offset + x.uploaded);
    if (n <= 0) return CURL_READFUNC_ABORT;
    want = static_cast<size_t>(n);
  }
  x.uploaded += static_cast<int64_t>(want);
  return want;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto& x = *static_cast<Exchange*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    x.response->headers.clear();  // a new response (after 100 Continue)
    return size * count;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string name(line.substr(0, colon));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  x.response->headers[name] = std::string(value);
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto& x = *static_cast<Exchange*>(user);
  size_t total = size * count;
  long status = 0;
  x.curl->easy_getinfo(x.handle, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300 && x.sink && *x.sink) {
    try {
      if (!(*x.sink)(data, total)) {
        x.sink_stopped = true;
        return 0;
      }
    } catch (...) {
      x.sink_error = std::current_exception();
      return 0;
    }
    return total;
  }
  if (x.response->body.size() + total > x.max_body) {
    x.body_too_large = true;
    return 0;
  }
  x.response->body.append(data, total);
  return total;
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

HttpConnection::HttpConnection(bool public_addresses_only)
    : curl_(CurlLibrary::get("talking to a registry")),
      handle_(make_curl_handle(curl_)),
      public_addresses_only_(public_addresses_only) {}

HttpResponse HttpConnection::request(const std::string& method, const std::string& url,
                                     const std::vector<std::string>& headers, const BodySink& sink,
                                     size_t max_body, const RequestBody* body) {
  CURL* h = handle_.get();
  curl_.easy_reset(h);  // keeps the connection cache: the next request reuses the connection
  HttpResponse response;
  Exchange x{h, &curl_, &response, &sink, max_body};
  x.guard.public_only = public_addresses_only_;
  CurlHeaders list(curl_);
  for (const auto& line : headers) list.add(line);
  if (body) list.add("Expect:");  // no 100-continue round trip before an upload
  char error[CURL_ERROR_SIZE] = "";
  curl_.easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  if (method == "HEAD") {
    curl_.easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (body && (method == "PUT" || method == "PATCH")) {
    x.upload = body;
    curl_.easy_setopt(h, CURLOPT_UPLOAD, 1L);
    if (method == "PATCH") curl_.easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PATCH");
    curl_.easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body->length()));
    curl_.easy_setopt(h, CURLOPT_READFUNCTION, on_read);
    curl_.easy_setopt(h, CURLOPT_READDATA, &x);
  } else if (method == "POST") {
    x.upload = body;
    curl_.easy_setopt(h, CURLOPT_POST, 1L);
    if (body) {
      curl_.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->length()));
      curl_.easy_setopt(h, CURLOPT_READFUNCTION, on_read);
      curl_.easy_setopt(h, CURLOPT_READDATA, &x);
    } else {
      curl_.easy_setopt(h, CURLOPT_POSTFIELDS, "");
      curl_.easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
    }
  } else if (method != "GET") {
    curl_.easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_.easy_setopt(h, CURLOPT_HTTPHEADER, list.get());
  curl_.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_.easy_setopt(h, CURLOPT_HEADERDATA, &x);
  curl_.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_.easy_setopt(h, CURLOPT_WRITEDATA, &x);
  curl_.easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
  // A stalled transfer (under 1 byte/s for a minute) fails instead of hanging forever.
  curl_.easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_.easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_.easy_setopt(h, CURLOPT_USERAGENT, "berth");
  curl_blob ca{};
  if (!tls_.ca_bundle.empty()) {
    ca.data = tls_.ca_bundle.data();
    ca.len = tls_.ca_bundle.size();
    ca.flags = CURL_BLOB_NOCOPY;
    curl_.easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
  }
  if (!verify_tls_ && url.starts_with(tls_origin_ + "/")) {
    curl_.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!tls_.client_cert.empty() && url.starts_with(tls_origin_ + "/")) {
    curl_.easy_setopt(h, CURLOPT_SSLCERT, tls_.client_cert.c_str());
    curl_.easy_setopt(h, CURLOPT_SSLKEY, tls_.client_key.c_str());
  }
  curl_.easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_guarded_socket);
  curl_.easy_setopt(h, CURLOPT_OPENSOCKETDATA, &x.guard);
  // A proxy would be the address connected to, and it fetches wherever it is told.
  if (public_addresses_only_) curl_.easy_setopt(h, CURLOPT_NOPROXY, "*");
  CURLcode rc = curl_.easy_perform(h);
  if (x.body_too_large) {
    throw Error(method + " " + url + ": the answer is larger than " + std::to_string(max_body) +
                " bytes");
  }
  if (x.sink_error) std::rethrow_exception(x.sink_error);
  if (x.sink_stopped) throw Error(method + " " + url + ": the transfer was stopped");
  if (!x.guard.refused.empty()) {
    throw TransportError("connecting to " + x.guard.refused +
                         ", which a Space build may not reach");
  }
  if (rc != CURLE_OK) {
    long os_errno = 0;
    curl_.easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
    throw TransportError(
        transport_failure(rc, error[0] ? error : curl_.easy_strerror(rc), url, os_errno));
  }
  curl_.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace berth::registry
