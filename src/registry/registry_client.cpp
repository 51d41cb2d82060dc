#include "registry/registry_client.hpp"

#include <cctype>
#include <cstdlib>

#include "base/base64.hpp"
#include "base/error.hpp"
#include "base/json.hpp"
#include "image/oci/descriptor.hpp"
#include "image/oci/media_types.hpp"
#include "registry/auth_challenge.hpp"
#include "registry/registry_tls.hpp"

namespace berth::registry {

namespace {

constexpr int kMaxRedirects = 5;

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

// "https://host:port" of an absolute URL.
std::string origin_of(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  auto path = url.find('/', scheme_end + 3);
  return url.substr(0, path);
}

std::string accept_header() {
  using namespace image::media_type;
  return "Accept: " + std::string(kOciIndex) + ", " + std::string(kDockerManifestList) + ", " +
         std::string(kOciManifest) + ", " + std::string(kDockerManifest) +
         // Asked for so that the refusal can be precise rather than a parse error.
         ", application/vnd.docker.distribution.manifest.v1+prettyjws";
}

std::string code_in_words(std::string code) {
  for (auto& c : code)
    c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return code;
}

}  // namespace

RegistryError registry_error(const HttpResponse& response) {
  try {
    Json j = Json::parse(response.body);
    if (j.contains("errors") && j["errors"].is_array() && !j["errors"].empty() &&
        j["errors"][0].is_object()) {
      const auto& e = j["errors"][0];
      std::string code = e.value("code", "");
      std::string message = e.value("message", "");
      return RegistryError(response.status, code, code_in_words(code) + ": " + message);
    }
  } catch (const Json::exception&) {
    // Not the API's error document (a proxy's HTML page): the status says it.
  }
  std::string words =
      response.status == 401   ? "unauthorized: authentication required"
      : response.status == 403 ? "denied: requested access to the resource is denied"
      : response.status == 404 ? "not found"
                               : "unexpected status " + std::to_string(response.status);
  return RegistryError(response.status, "", words);
}

RegistryClient::RegistryClient(RegistryEndpoint endpoint, std::string repository,
                               std::optional<Credentials> credentials, bool public_addresses_only,
                               std::string actions)
    : endpoint_(std::move(endpoint)),
      repository_(std::move(repository)),
      credentials_(std::move(credentials)),
      actions_(std::move(actions)),
      public_addresses_only_(public_addresses_only),
      connection_(public_addresses_only) {
  connection_.set_tls("https://" + endpoint_.host, registry_tls(endpoint_.host),
                      endpoint_.verify_tls);
}

RegistryClient RegistryClient::fork() const {
  RegistryClient c(endpoint_, repository_, credentials_, public_addresses_only_, actions_);
  c.origin_ = origin_;
  c.authorization_ = authorization_;
  c.connected_ = connected_;
  return c;
}

HttpResponse RegistryClient::perform(const std::string& method, const std::string& url,
                                     const std::vector<std::string>& headers, const BodySink& sink,
                                     size_t max_body, const RequestBody* body) {
  try {
    return connection_.request(method, url, headers, sink, max_body, body);
  } catch (const TransportError& e) {
    std::string verb = method == "GET" ? "Get" : method == "HEAD" ? "Head" : method;
    throw Error(verb + " \"" + url + "\": " + e.what());
  }
}

void RegistryClient::connect() {
  if (connected_) return;
  // Docker's order: HTTPS first; plain HTTP only where allowed, when HTTPS fails to connect.
  std::string https = "https://" + endpoint_.host;
  HttpResponse ping;
  try {
    origin_ = https;
    ping = connection_.request("GET", https + "/v2/", {});
  } catch (const TransportError& e) {
    if (!endpoint_.plain_http_allowed) throw Error("Get \"" + https + "/v2/\": " + e.what());
    origin_ = "http://" + endpoint_.host;
    try {
      ping = connection_.request("GET", origin_ + "/v2/", {});
    } catch (const TransportError& plain) {
      // Both failed: a TLS registry's certificate problem is the likelier story to tell.
      throw Error("Get \"" + https + "/v2/\": " + e.what() +
                  " (and over plain HTTP: " + plain.what() + ")");
    }
    // Plain HTTP to a TLS port gets a 400: the HTTPS failure is the one to report.
    if (ping.status != 200 && ping.status != 401) {
      throw Error("Get \"" + https + "/v2/\": " + e.what());
    }
  }
  connected_ = true;
  if (ping.status == 401) authenticate(ping);
}

void RegistryClient::authenticate(const HttpResponse& unauthorized) {
  std::string header = unauthorized.header("www-authenticate");
  if (header.empty()) throw registry_error(unauthorized);
  auto challenges = parse_www_authenticate(header);
  for (const auto& challenge : challenges) {
    if (challenge.scheme == "basic") {
      if (!credentials_) throw RegistryError(401, "UNAUTHORIZED", "no basic auth credentials");
      authorization_ =
          "Basic " + encode_base64(credentials_->username + ":" + credentials_->password);
      return;
    }
    if (challenge.scheme != "bearer") continue;
    auto realm = challenge.params.find("realm");
    if (realm == challenge.params.end() ||
        !(realm->second.starts_with("https://") || realm->second.starts_with("http://"))) {
      throw Error("the registry " + endpoint_.domain + " names no usable token realm: " + header);
    }
    std::string url = realm->second;
    url += url.find('?') == std::string::npos ? '?' : '&';
    if (auto service = challenge.params.find("service"); service != challenge.params.end())
      url += "service=" + url_encode(service->second) + "&";
    if (repository_.empty()) {
      url += "account=" + url_encode(credentials_ ? credentials_->username : "");  // login
    } else {
      url += "scope=" + url_encode("repository:" + repository_ + ":" + actions_);
      for (const auto& other : extra_pull_scopes_) {
        url += "&scope=" + url_encode("repository:" + other + ":pull");
      }
    }
    std::vector<std::string> headers;
    if (credentials_) {
      headers.push_back("Authorization: Basic " +
                        encode_base64(credentials_->username + ":" + credentials_->password));
    }
    HttpResponse answer = perform("GET", url, headers, {}, 1 << 20);
    if (answer.status == 401) {
      throw RegistryError(401, "UNAUTHORIZED",
                          credentials_ ? "unauthorized: incorrect username or password"
                                       : "unauthorized: authentication required");
    }
    if (answer.status != 200) throw registry_error(answer);
    std::string token;
    try {
      Json j = Json::parse(answer.body);
      // "token" (Docker's spec) or "access_token" (OAuth2); a refresh_token is not kept.
      token = j.value("token", j.value("access_token", ""));
    } catch (const Json::exception& e) {
      throw Error("the token server of " + endpoint_.domain + " answered no JSON: " + e.what());
    }
    if (token.empty()) throw Error("the token server of " + endpoint_.domain + " gave no token");
    authorization_ = "Bearer " + token;
    return;
  }
  throw Error("the registry " + endpoint_.domain +
              " asks for an unsupported authentication: " + header);
}

HttpResponse RegistryClient::send(const std::string& method, const std::string& path,
                                  std::vector<std::string> headers, const BodySink& sink,
                                  size_t max_body, const RequestBody* body) {
  connect();
  bool absolute = path.starts_with("https://") || path.starts_with("http://");
  std::string url = absolute ? path : origin_ + "/v2/" + repository_ + "/" + path;
  bool follow = method == "GET" || method == "HEAD";
  for (int attempt = 0;; ++attempt) {
    std::vector<std::string> with_auth = headers;
    if (!authorization_.empty()) with_auth.push_back("Authorization: " + authorization_);
    HttpResponse r;
    std::string target = url;
    for (int redirects = 0;; ++redirects) {
      // Credentials only for the registry's own origin (blob redirects go to CDNs and S3).
      r = perform(method, target, origin_of(target) == origin_ ? with_auth : headers, sink,
                  max_body, body);
      if (!follow || r.status < 300 || r.status >= 400 || r.status == 304) break;
      std::string location = r.header("location");
      if (location.empty() || redirects == kMaxRedirects) break;
      target = location.starts_with("/") ? origin_of(target) + location : location;
      if (!target.starts_with("https://") && !target.starts_with("http://")) {
        throw Error("the registry " + endpoint_.domain + " redirected to " + location);
      }
    }
    if (r.status == 401 && attempt == 0) {
      authenticate(r);
      continue;
    }
    return r;
  }
}

FetchedManifest RegistryClient::fetch_manifest(const std::string& tag_or_digest) {
  HttpResponse r =
      send("GET", "manifests/" + tag_or_digest, {accept_header()}, {}, kMaxManifestBytes);
  if (r.status != 200) throw registry_error(r);
  FetchedManifest m;
  m.bytes = std::move(r.body);
  m.digest = Digest::sha256_of(m.bytes);
  if (Digest::is_valid(tag_or_digest) && Digest::parse(tag_or_digest) != m.digest) {
    throw Error("manifest " + tag_or_digest + " from " + endpoint_.domain + "/" + repository_ +
                ": content has digest " + m.digest.str());
  }
  std::string said = r.header("docker-content-digest");
  if (!said.empty() && Digest::is_valid(said) && Digest::parse(said).algorithm() == "sha256" &&
      Digest::parse(said) != m.digest) {
    throw Error("manifest " + tag_or_digest + " from " + endpoint_.domain + "/" + repository_ +
                ": content has digest " + m.digest.str() + ", the registry says " + said);
  }
  std::string type = r.header("content-type");
  type = type.substr(0, type.find(';'));
  m.media_type = type.empty() || type == "application/json" || type == "text/plain"
                     ? image::declared_media_type(m.bytes)
                     : type;
  return m;
}

bool RegistryClient::has_blob(const Digest& digest) {
  HttpResponse r = send("HEAD", "blobs/" + digest.str(), {}, {}, 1 << 16);
  if (r.status == 200) return true;
  if (r.status == 404) return false;
  throw registry_error(r);
}

void RegistryClient::add_pull_scope(const std::string& repository) {
  extra_pull_scopes_.push_back(repository);
}

bool RegistryClient::mount_blob(const Digest& digest, const std::string& from_repository) {
  HttpResponse r = send(
      "POST",
      "blobs/uploads/?mount=" + url_encode(digest.str()) + "&from=" + url_encode(from_repository),
      {}, {}, 1 << 16);
  if (r.status == 201) return true;
  if (r.status == 202) return false;
  throw registry_error(r);
}

namespace {

// The registry's answer to a chunk: "Range: 0-<last byte>" (docker-registry omits the "bytes="
// the spec allows). -1 when absent or unreadable.
int64_t accepted_through(const HttpResponse& r) {
  std::string range = r.header("range");
  if (range.starts_with("bytes=")) range = range.substr(6);
  auto dash = range.find('-');
  if (dash == std::string::npos || range.substr(0, dash) != "0") return -1;
  try {
    return std::stoll(range.substr(dash + 1));
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace

int64_t push_chunk_size() {
  const char* text = std::getenv("BERTH_PUSH_CHUNK_SIZE");
  if (!text || !*text) return kDefaultPushChunkSize;
  char* end = nullptr;
  long long n = std::strtoll(text, &end, 10);
  if (*end != '\0' || n < (1 << 10)) {
    throw InvalidArgumentError("BERTH_PUSH_CHUNK_SIZE=" + std::string(text) +
                               ": a number of bytes, at least 1024");
  }
  return n;
}

void RegistryClient::upload_blob(const Digest& digest, int fd, int64_t size) {
  HttpResponse started = send("POST", "blobs/uploads/", {}, {}, 1 << 16);
  if (started.status != 202) throw registry_error(started);
  auto absolute = [&](std::string location) {
    if (location.empty()) {
      throw Error("the registry " + endpoint_.domain + " gave no upload location");
    }
    return location.starts_with("/") ? origin_ + location : location;
  };
  std::string location = absolute(started.header("location"));
  // Small blobs go in one PUT (the spec's monolithic upload); big ones in PATCHes of the
  // chunk size, or of the registry's minimum (OCI-Chunk-Min-Length) if that is larger, so
  // that a proxy's limit on request bodies does not stop a multi-GiB layer.
  int64_t chunk = push_chunk_size();
  if (std::string min = started.header("oci-chunk-min-length"); !min.empty()) {
    try {
      chunk = std::max<int64_t>(chunk, std::stoll(min));
    } catch (const std::exception&) {
      throw Error("the registry " + endpoint_.domain + " sent OCI-Chunk-Min-Length: " + min);
    }
  }
  RequestBody last{{}, fd, size, 0};
  if (size > chunk) {
    for (int64_t at = 0; at < size; at += chunk) {
      int64_t length = std::min(chunk, size - at);
      RequestBody part{{}, fd, length, at};
      HttpResponse r =
          send("PATCH", location,
               {"Content-Type: application/octet-stream",
                "Content-Range: " + std::to_string(at) + "-" + std::to_string(at + length - 1)},
               {}, 1 << 16, &part);
      if (r.status != 202) throw registry_error(r);
      if (int64_t through = accepted_through(r); through != at + length - 1) {
        throw Error("the registry " + endpoint_.domain + " accepted the upload of " + digest.str() +
                    " through byte " + std::to_string(through) + ", not " +
                    std::to_string(at + length - 1));
      }
      location = absolute(r.header("location"));
    }
    last = RequestBody{{}, -1, 0, 0};  // the closing PUT carries no bytes
  }
  location += location.find('?') == std::string::npos ? '?' : '&';
  location += "digest=" + url_encode(digest.str());
  HttpResponse done =
      send("PUT", location, {"Content-Type: application/octet-stream"}, {}, 1 << 16, &last);
  if (done.status != 201) throw registry_error(done);
}

Digest RegistryClient::put_manifest(const std::string& tag, const std::string& media_type,
                                    const std::string& bytes) {
  RequestBody body{bytes, -1, 0};
  HttpResponse r =
      send("PUT", "manifests/" + tag, {"Content-Type: " + media_type}, {}, 1 << 16, &body);
  if (r.status != 201 && r.status != 200) throw registry_error(r);
  return Digest::sha256_of(bytes);
}

void RegistryClient::check_login() {
  connect();
  std::vector<std::string> headers;
  if (!authorization_.empty()) headers.push_back("Authorization: " + authorization_);
  std::string url = origin_ + "/v2/";
  HttpResponse r = perform("GET", url, headers, {}, 1 << 16);
  if (r.status == 401) {
    throw RegistryError(401, "UNAUTHORIZED",
                        "login attempt to " + url + " failed with status: 401 Unauthorized");
  }
  if (r.status != 200) throw registry_error(r);
}

std::vector<std::string> RegistryClient::list_tags() {
  std::vector<std::string> tags;
  // Pages of 100, Docker Hub's largest; the registry's Link header names the next.
  std::string path = "tags/list?n=100";
  for (int page = 0; !path.empty(); ++page) {
    if (page == kMaxTagPages) {
      throw Error("the registry " + endpoint_.domain + " lists more than " +
                  std::to_string(kMaxTagPages) + " pages of tags for " + repository_);
    }
    HttpResponse r = send("GET", path, {"Accept: application/json"}, {}, kMaxManifestBytes);
    if (r.status != 200) throw registry_error(r);
    try {
      Json doc = Json::parse(r.body);
      // A repository without tags may say "tags": null.
      if (doc.contains("tags") && doc["tags"].is_array()) {
        for (const auto& t : doc["tags"]) tags.push_back(t.get<std::string>());
      }
    } catch (const Json::exception& e) {
      throw Error("the tag list of " + endpoint_.domain + "/" + repository_ +
                  " is not valid: " + e.what());
    }
    // The next page: `Link: </v2/NAME/tags/list?last=X&n=Y>; rel="next"`.
    path.clear();
    if (std::string link = r.header("link"); !link.empty()) {
      auto open = link.find('<'), close = link.find('>');
      if (open == std::string::npos || close == std::string::npos || close < open) {
        throw Error("the registry " + endpoint_.domain +
                    " sent a Link header Berth cannot read: " + link);
      }
      path = link.substr(open + 1, close - open - 1);
      if (path.starts_with("/")) path = origin_ + path;
    }
  }
  return tags;
}

void RegistryClient::fetch_blob(const Digest& digest, const BodySink& sink) {
  HttpResponse r = send("GET", "blobs/" + digest.str(), {}, sink, 1 << 16);
  if (r.status != 200) throw registry_error(r);
}

}  // namespace berth::registry
