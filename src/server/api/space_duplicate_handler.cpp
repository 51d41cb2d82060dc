#include "server/api/space_duplicate_handler.hpp"

#include "server/api/api_support.hpp"
#include "server/api/space_redeploy.hpp"
#include "spaces/git/git_refs.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/space_duplicate.hpp"
#include "spaces/space_move.hpp"
#include "spaces/space_settings.hpp"

namespace berth::server {

namespace {

// huggingface_hub sends storageTier (as create does); "storage" is the name the Hub's runtime
// and older clients use.
std::optional<std::string> storage_tier(const Json& body) {
  auto tier = field<std::string>(body, "storageTier");
  auto storage = field<std::string>(body, "storage");
  if (tier && storage && *tier != *storage) {
    throw ApiError{http::status::bad_request, "give \"storageTier\" or \"storage\", not both"};
  }
  return tier ? tier : storage;
}

}  // namespace

void duplicate_space(ServerContext& ctx, Exchange& ex, const spaces::SpaceRecord& source) {
  auto who = require_identity(ctx, ex);
  if (!who.can_write()) {
    throw ApiError{http::status::forbidden,
                   "This token has read access only; a write token is needed"};
  }
  Json body = parse_body(ex);
  auto repository = field<std::string>(body, "repository");
  if (!repository) throw ApiError{http::status::bad_request, "\"repository\" is required"};
  auto [owner, name] = spaces::split_space_id(*repository);
  if (!spaces::same_name(owner, who.user)) {
    throw ApiError{
        http::status::forbidden,
        "You don't have the rights to create a space under the namespace \"" + owner + "\""};
  }
  spaces::SpaceDuplicateRequest request;
  request.source_id = source.id;
  auto& target = request.target;
  target.owner = who.user;
  target.name = name;
  target.is_private = spaces::parse_visibility(body).value_or(source.is_private);
  target.hardware = field<std::string>(body, "hardware").value_or("cpu-basic");
  spaces::check_runnable_hardware(target.hardware, spaces::MachineFacts::probe());
  target.sleep_time_seconds = field<int64_t>(body, "sleepTimeSeconds");
  if (target.sleep_time_seconds) spaces::check_sleep_time(*target.sleep_time_seconds);
  target.storage = storage_tier(body);
  target.variables = key_values(body, "variables");
  target.secrets = key_values(body, "secrets");
  auto space = spaces::duplicate_space(ctx.db, ctx.spaces_dir, request);
  ctx.refresh_directory();
  if (auto head = spaces::default_branch_head(spaces::repository_of(ctx.spaces_dir, space))) {
    queue_space_deploy(ctx, space, *head);
  }
  std::string host(ex.request()[http::field::host]);
  ex.respond_json(http::status::ok, Json{{"url", "http://" + host + "/spaces/" + space.id},
                                         {"name", space.id},
                                         {"id", space.id}});
}

}  // namespace berth::server
