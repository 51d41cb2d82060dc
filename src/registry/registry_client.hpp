#pragma once
// The client side of the OCI distribution API (and Docker's Registry HTTP API v2) for one
// repository: manifests by tag or digest, blobs streamed, with the registry's auth (none,
// Basic, or the Bearer token flow of Docker Hub, GHCR and docker-registry's token auth).
// Redirects are followed by hand so that credentials never go to another host.
#include <optional>
#include <string>
#include <vector>

#include "base/digest.hpp"
#include "base/error.hpp"
#include "registry/credentials.hpp"
#include "registry/http_connection.hpp"
#include "registry/registry_endpoint.hpp"

namespace berth::registry {

struct FetchedManifest {
  std::string media_type;  // from Content-Type, else the document's mediaType
  std::string bytes;
  Digest digest;  // sha256 of bytes, checked against what the registry and the caller said
};

// An error answer of the registry: its HTTP status and the first error code of its body
// ("MANIFEST_UNKNOWN"), with Docker's wording in what(): "manifest unknown: <message>".
class RegistryError : public Error {
 public:
  RegistryError(long status, std::string code, const std::string& message)
      : Error(message), status_(status), code_(std::move(code)) {}
  long status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  long status_;
  std::string code_;
};

inline constexpr size_t kMaxManifestBytes = 4 << 20;

inline constexpr int kMaxTagPages = 1000;

// Blobs larger than this are pushed in chunks of this size.
inline constexpr int64_t kDefaultPushChunkSize = int64_t{256} << 20;
// BERTH_PUSH_CHUNK_SIZE (bytes) or the default; throws InvalidArgumentError on a bad value.
int64_t push_chunk_size();

class RegistryClient {
 public:
  // `actions`: what the token is asked for ("pull", or "pull,push" to push).
  RegistryClient(RegistryEndpoint endpoint, std::string repository,
                 std::optional<Credentials> credentials, bool public_addresses_only = false,
                 std::string actions = "pull");

  // `tag_or_digest`: "3.11" or "sha256:…". Throws RegistryError, or Error for a transport
  // failure or a digest mismatch.
  FetchedManifest fetch_manifest(const std::string& tag_or_digest);
  // The repository's tags (tags/list, following its Link pages, at most kMaxTagPages).
  std::vector<std::string> list_tags();
  // Streams the blob's bytes to `sink`; the caller verifies the digest (BlobWriter::commit).
  void fetch_blob(const Digest& digest, const BodySink& sink);

  // Push: whether the repository has the blob (HEAD); an upload of `size` bytes read from
  // `fd` (POST, then one PUT with the digest, or PATCHes of push_chunk_size() and a closing
  // PUT for a bigger blob); the manifest under a tag. put_manifest returns the digest the
  // registry recorded.
  bool has_blob(const Digest& digest);
  void upload_blob(const Digest& digest, int fd, int64_t size);
  // A cross-repository mount of a blob `from_repository` (same registry) has: true when the
  // registry linked it (201), false when it wants an upload instead (202: the upload it
  // opened is left to expire).
  bool mount_blob(const Digest& digest, const std::string& from_repository);
  // Repositories the token must also let this client pull from (mount sources).
  void add_pull_scope(const std::string& repository);
  Digest put_manifest(const std::string& tag, const std::string& media_type,
                      const std::string& bytes);

  // `docker login`'s check, with an empty repository: the registry accepts the credentials
  // (Basic: /v2/ answers 200 with them; Bearer: the token server issues a token for them).
  // Throws Error in Docker's words.
  void check_login();

  // Another client for the same repository on its own connection, with this one's scheme and
  // token: parallel downloads without a handshake each.
  RegistryClient fork() const;

  const RegistryEndpoint& endpoint() const { return endpoint_; }

 private:
  void connect();
  void authenticate(const HttpResponse& unauthorized);
  // GET/HEAD of a path under /v2/<repository>/, with auth; one re-authentication on 401.
  // `path` under /v2/<repository>/, or an absolute URL the registry gave (an upload's
  // Location). GETs and HEADs follow redirects.
  HttpResponse send(const std::string& method, const std::string& path,
                    std::vector<std::string> headers, const BodySink& sink, size_t max_body,
                    const RequestBody* body = nullptr);
  HttpResponse perform(const std::string& method, const std::string& url,
                       const std::vector<std::string>& headers, const BodySink& sink,
                       size_t max_body, const RequestBody* body = nullptr);

  RegistryEndpoint endpoint_;
  std::string repository_;
  std::optional<Credentials> credentials_;
  std::string actions_;
  std::vector<std::string> extra_pull_scopes_;
  bool public_addresses_only_;
  HttpConnection connection_;
  std::string origin_;         // "https://host[:port]", chosen by connect()
  std::string authorization_;  // the Authorization header's value, or empty
  bool connected_ = false;
};

// Docker's wording of an error answer: "<code in words>: <message>" from the body's
// {"errors":[{"code","message"}]}, else the HTTP status.
RegistryError registry_error(const HttpResponse& response);

}  // namespace berth::registry
