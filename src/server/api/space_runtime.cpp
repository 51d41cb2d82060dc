#include "server/api/space_runtime.hpp"

namespace berth::server {

Json space_runtime_json(ServerContext& ctx, const spaces::SpaceRecord& space) {
  bool running = ctx.routes.find(space.id).has_value();
  Json out = {
      {"stage", std::string(to_string(space.stage))},
      {"hardware",
       {{"current", running ? Json(space.hardware) : Json()}, {"requested", space.hardware}}},
      {"storage", space.storage ? Json(*space.storage) : Json()},
      {"gcTimeout", space.sleep_time_seconds ? Json(*space.sleep_time_seconds) : Json()},
      {"replicas", {{"requested", 1}, {"current", running ? 1 : 0}}},
      {"devMode", false},
      {"domains", Json::array({{{"domain", ctx.deployer.host_of(space)},
                                {"stage", running ? "READY" : "PENDING"}}})}};
  if (!space.error_message.empty()) out["errorMessage"] = space.error_message;
  return out;
}

}  // namespace berth::server
