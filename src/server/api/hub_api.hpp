#pragma once
// The Hub's Spaces API on Berth's server, at the Hub's paths and in its JSON, so
// huggingface_hub and other Hub clients work with `--endpoint http://this-server`:
// whoami-v2, repos/create, repos/delete, spaces (list, info, runtime, hardware, restart) and
// the build and run logs as server-sent events. Errors are {"error": message} with a 4xx
// status; a private Space is 404 to anyone but its owner, as on the Hub.
#include "server/server_context.hpp"

namespace berth::server {

class HubApi {
 public:
  explicit HubApi(ServerContext& context) : ctx_(context) {}
  // Answers a request whose path starts with /api/.
  void handle(Exchange& ex);

 private:
  void whoami(Exchange& ex);
  void create_repo(Exchange& ex);
  void delete_repo(Exchange& ex);
  void list_spaces(Exchange& ex);
  void hardware(Exchange& ex);
  void space_info(Exchange& ex, const spaces::SpaceRecord& space);
  void runtime(Exchange& ex, const spaces::SpaceRecord& space);
  void restart(Exchange& ex, const spaces::SpaceRecord& space);
  void stream_log(Exchange& ex, const spaces::SpaceRecord& space, bool build);

  Json runtime_json(const spaces::SpaceRecord& space);
  Json summary_json(const spaces::SpaceRecord& space);

  ServerContext& ctx_;
};

}  // namespace berth::server
