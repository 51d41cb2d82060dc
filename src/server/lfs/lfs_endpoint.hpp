#pragma once
// Git LFS over HTTP for the Spaces' repositories, at the URL git-lfs derives from a clone URL
// and huggingface_hub builds: /spaces/{owner}/{name}.git/info/lfs/…
//   POST objects/batch     the batch API (lfs_batch.hpp): uploads need the owner's write
//                          token, downloads read access (anyone, for a public Space)
//   PUT  objects/{oid}     a basic upload, authorized by the batch answer's signed action
//   GET  objects/{oid}     a basic download, by a signed action or read access
//   POST verify            whether an upload arrived whole
// Objects go to the Space's own store (spaces/lfs_object_store.hpp), verified while they
// stream in. Locking is not offered (501): git-lfs then pushes without it.
#include <string_view>

#include "server/lfs/lfs_action_token.hpp"
#include "server/server_context.hpp"

namespace berth::server {

class LfsEndpoint {
 public:
  explicit LfsEndpoint(ServerContext& context) : ctx_(context) {}
  // True when the path is a Space's LFS path; the request is then answered.
  bool handle(Exchange& ex);

 private:
  struct Target;
  void batch(Exchange& ex, const Target& target);
  void upload(Exchange& ex, const Target& target, const std::string& oid);
  void download(Exchange& ex, const Target& target, const std::string& oid);
  void verify(Exchange& ex, const Target& target);
  // The signed action presented in the query (?token=) or the Authorization header.
  bool has_action(const Exchange& ex, const Target& target, std::string_view operation,
                  const std::string& oid, std::uint64_t size) const;

  ServerContext& ctx_;
  LfsActionSigner signer_;
};

}  // namespace berth::server
