#include "server/api/space_runtime.hpp"

namespace berth::server {

Json space_runtime_json(ServerContext& ctx, const spaces::SpaceRecord& space) {
  bool running = ctx.routes.find(space.id).has_value();
  // What the serving instance got; the requested flavor while a change redeploys.
  const std::string& current =
      space.current_hardware.empty() ? space.hardware : space.current_hardware;
  Json out = {
      {"stage", std::string(to_string(space.stage))},
      {"hardware", {{"current", running ? Json(current) : Json()}, {"requested", space.hardware}}},
      {"storage", space.storage ? Json(*space.storage) : Json()},
      {"gcTimeout", Json()},
      {"replicas", {{"requested", 1}, {"current", running ? 1 : 0}}},
      {"devMode", false},
      {"domains", Json::array({{{"domain", ctx.deployer.host_of(space)},
                                {"stage", running ? "READY" : "PENDING"}}})}};
  // The sleep time in effect, the server's default included; null: never sleeps.
  if (auto sleep = spaces::sleep_time_of(space, ctx.lifecycle.options())) {
    out["gcTimeout"] = sleep->count();
  }
  if (!space.error_message.empty()) out["errorMessage"] = space.error_message;
  // Berth's own: how deeply a SLEEPING Space sleeps (a frozen one wakes in milliseconds).
  if (space.sleep_tier) out["sleepTier"] = std::string(to_string(*space.sleep_tier));
  return out;
}

}  // namespace berth::server
