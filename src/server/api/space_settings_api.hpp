#pragma once
// A Space's settings through the Hub's API, at the Hub's paths and in its JSON
// (huggingface_hub's add_space_secret, add_space_variable, request_space_hardware,
// set_space_sleep_time, request_space_storage, update_repo_settings, restart_space,
// duplicate_space, move_repo, …):
//   GET|POST|DELETE /api/spaces/{id}/secrets     names, descriptions, update times; never values
//   GET|POST|DELETE /api/spaces/{id}/variables
//   POST /api/spaces/{id}/hardware               {flavor, sleepTimeSeconds?}
//   POST /api/spaces/{id}/sleeptime              {seconds}: gcTimeout in the runtime
//   POST|DELETE /api/spaces/{id}/storage         {tier}
//   PUT  /api/spaces/{id}/settings               visibility
//   POST /api/spaces/{id}/restart[?factory=true] factory: rebuilt without the build cache
//   POST /api/spaces/{id}/pause                  PAUSED until a restart
//   POST /api/spaces/{id}/rollback               {commit?}: an earlier deploy serves again
//   GET  /api/spaces/{id}/deploys                the deploy history, newest first
//   GET|PUT /api/spaces/{id}/previews            Berth's: branch previews, {secrets, public}
//   POST /api/spaces/{id}/duplicate              space_duplicate_handler
//   POST /api/repos/move                         repo_move_handler
// Every change needs the owner's write token (403 otherwise; a private Space stays 404 to
// others). A change of variables, secrets or hardware redeploys the Space (as on the Hub);
// storage reaches the app at its next restart. Each answer says which in X-Berth-Notice.
#include <string_view>

#include "server/api/api_area.hpp"
#include "spaces/hardware.hpp"

namespace berth::server {

class SpaceSettingsApi : public ApiArea {
 public:
  explicit SpaceSettingsApi(ServerContext& context);
  bool handle_space(Exchange& ex, const spaces::SpaceRecord& space, std::string_view rest) override;
  bool handle_other(Exchange& ex, std::string_view path) override;

 private:
  // Variables and secrets share their shape and their endpoints' rules.
  void list_entries(Exchange& ex, const spaces::SpaceRecord& space, bool secrets);
  void set_entry(Exchange& ex, const spaces::SpaceRecord& space, bool secrets);
  void delete_entry(Exchange& ex, const spaces::SpaceRecord& space, bool secrets);
  Json variables_json(const spaces::SpaceRecord& space);

  void request_hardware(Exchange& ex, const spaces::SpaceRecord& space);
  void set_sleep_time(Exchange& ex, const spaces::SpaceRecord& space);
  void request_storage(Exchange& ex, const spaces::SpaceRecord& space);
  void delete_storage(Exchange& ex, const spaces::SpaceRecord& space);
  void update_settings(Exchange& ex, const spaces::SpaceRecord& space);
  void restart(Exchange& ex, const spaces::SpaceRecord& space);
  void pause(Exchange& ex, const spaces::SpaceRecord& space);
  void rollback(Exchange& ex, const spaces::SpaceRecord& space);
  void list_deploys(Exchange& ex, const spaces::SpaceRecord& space);
  // GET …/previews: the previews of the Space's branches; PUT …/previews {secrets?, public?}:
  // whether they get the Space's secrets and may be visited by anyone.
  void list_previews(Exchange& ex, const spaces::SpaceRecord& space);
  void set_previews(Exchange& ex, const spaces::SpaceRecord& space);
  Json previews_json(const spaces::SpaceRecord& space);

  // The Space's runtime as it is now, with `notice` in X-Berth-Notice.
  void respond_runtime(Exchange& ex, const spaces::SpaceRecord& space, std::string_view notice);
  spaces::SpaceRecord reload(const spaces::SpaceRecord& space);

  ServerContext& ctx_;
  spaces::MachineFacts machine_;
};

}  // namespace berth::server
