#include "registry/registry_client.hpp"

#include <cctype>

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

void RegistryClient::upload_blob(const Digest& digest, int fd, int64_t size) {
  HttpResponse started = send("POST", "blobs/uploads/", {}, {}, 1 << 16);
  if (started.status != 202) throw registry_error(started);
  std::string location = started.header("location");
  if (location.empty())
    throw Error("the registry " + endpoint_.domain + " gave no upload location");
  if (location.starts_with("/")) location = origin_ + location;
  location += location.find('?') == std::string::npos ? '?' : '&';
  location += "digest=" + url_encode(digest.str());
  RequestBody body{{}, fd, size};
  HttpResponse done =
      send("PUT", location, {"Content-Type: application/octet-stream"}, {}, 1 << 16, &body);
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

void RegistryClient::fetch_blob(const Digest& digest, const BodySink& sink) {
  HttpResponse r = send("GET", "blobs/" + digest.str(), {}, sink, 1 << 16);
  if (r.status != 200) throw registry_error(r);
}

}  // namespace berth::registry
