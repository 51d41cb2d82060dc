#pragma once
// The Hub's Spaces API on Berth's server, at the Hub's paths and in its JSON, so
// huggingface_hub and other Hub clients work with `--endpoint http://this-server`:
// whoami-v2, repos/create, repos/delete, spaces (list, info, runtime, hardware) and
// the build and run logs as server-sent events. Errors are {"error": message} with a 4xx
// status; a private Space is 404 to anyone but its owner, as on the Hub.
#include <memory>
#include <string_view>
#include <vector>

#include "server/api/api_area.hpp"
#include "server/server_context.hpp"

namespace berth::server {

class HubApi {
 public:
  explicit HubApi(ServerContext& context);
  ~HubApi();
  // Answers a request whose path starts with /api/.
  void handle(Exchange& ex);
  // Another area of the API, offered the requests this class does not answer itself.
  void add_area(std::unique_ptr<ApiArea> area);
  // GET /api/spaces/{id} without the revision's fields (sha, siblings): for
  // /api/spaces/{id}/revision/{rev} (RepoFilesApi) too.
  Json space_info_json(const spaces::SpaceRecord& space);

 private:
  bool dispatch(Exchange& ex);
  bool handle_space(Exchange& ex, const spaces::SpaceRecord& space, std::string_view rest);
  void whoami(Exchange& ex);
  void create_repo(Exchange& ex);
  void delete_repo(Exchange& ex);
  void list_spaces(Exchange& ex);
  void hardware(Exchange& ex);
  void space_info(Exchange& ex, const spaces::SpaceRecord& space);
  void runtime(Exchange& ex, const spaces::SpaceRecord& space);
  void stream_log(Exchange& ex, const spaces::SpaceRecord& space, bool build);

  Json runtime_json(const spaces::SpaceRecord& space);
  Json summary_json(const spaces::SpaceRecord& space);

  ServerContext& ctx_;
  std::vector<std::unique_ptr<ApiArea>> areas_;
};

}  // namespace berth::server
