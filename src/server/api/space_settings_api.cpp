#include "server/api/space_settings_api.hpp"

#include "base/error.hpp"
#include "server/api/api_support.hpp"
#include "server/api/repo_move_handler.hpp"
#include "server/api/space_duplicate_handler.hpp"
#include "server/api/space_redeploy.hpp"
#include "server/api/space_runtime.hpp"
#include "server/http/query.hpp"
#include "spaces/git/git_refs.hpp"
#include "spaces/hub_names.hpp"
#include "spaces/space_admin.hpp"
#include "spaces/space_settings.hpp"
#include "spaces/space_storage.hpp"

namespace berth::server {

namespace {

// What the answers to a change say about when it takes effect (a secret, a variable or the
// hardware redeploys the Space: redeploy_after_settings_change).
constexpr std::string_view kAtNextRestart =
    "Stored; the app gets it at its next restart (POST /api/spaces/{id}/restart)";
constexpr std::string_view kSleepNotice =
    "Applied: the Space sleeps after this many seconds without a visit";
constexpr std::string_view kApplied = "Applied";

// A required string field of a JSON body; 400 naming it otherwise.
std::string required_string(const Json& body, const char* name) {
  auto value = field<std::string>(body, name);
  if (!value)
    throw ApiError{http::status::bad_request, std::string("\"") + name + "\" is required"};
  return *value;
}

// A required integer field; 400 naming it otherwise (a JSON number with a fraction included).
int64_t required_integer(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    throw ApiError{http::status::bad_request, std::string("\"") + name + "\" is required"};
  }
  if (!it->is_number_integer()) {
    throw ApiError{http::status::bad_request, std::string("\"") + name + "\" must be an integer"};
  }
  return it->get<int64_t>();
}

std::optional<int64_t> optional_integer(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  return required_integer(body, name);
}

}  // namespace

SpaceSettingsApi::SpaceSettingsApi(ServerContext& context)
    : ctx_(context), machine_(spaces::MachineFacts::probe()) {}

bool SpaceSettingsApi::handle_space(Exchange& ex, const spaces::SpaceRecord& space,
                                    std::string_view rest) {
  auto method = ex.request().method();
  const bool get = method == http::verb::get;
  const bool post = method == http::verb::post;
  const bool del = method == http::verb::delete_;
  if (rest == "/secrets" || rest == "/variables") {
    const bool secrets = rest == "/secrets";
    if (!space.preview_of.empty() && !get) {
      throw ApiError{http::status::bad_request, space.id + " is a preview: it takes its " +
                                                    std::string(rest.substr(1)) + " from " +
                                                    space.preview_of};
    }
    if (get) return list_entries(ex, space, secrets), true;
    if (post) return set_entry(ex, space, secrets), true;
    if (del) return delete_entry(ex, space, secrets), true;
    return false;
  }
  if (rest == "/hardware" && post) return request_hardware(ex, space), true;
  if (rest == "/sleeptime" && post) return set_sleep_time(ex, space), true;
  if (rest == "/storage" && post) return request_storage(ex, space), true;
  if (rest == "/storage" && del) return delete_storage(ex, space), true;
  if (rest == "/settings" && method == http::verb::put) return update_settings(ex, space), true;
  if (rest == "/restart" && post) return restart(ex, space), true;
  if (rest == "/pause" && post) return pause(ex, space), true;
  if (rest == "/rollback" && post) return rollback(ex, space), true;
  if (rest == "/deploys" && get) return list_deploys(ex, space), true;
  if (rest == "/previews" && get) return list_previews(ex, space), true;
  if (rest == "/previews" && method == http::verb::put) return set_previews(ex, space), true;
  if (rest == "/duplicate" && post) return duplicate_space(ctx_, ex, space), true;
  return false;
}

bool SpaceSettingsApi::handle_other(Exchange& ex, std::string_view path) {
  if (path == "/api/repos/move" && ex.request().method() == http::verb::post) {
    return move_repo(ctx_, ex), true;
  }
  return false;
}

spaces::SpaceRecord SpaceSettingsApi::reload(const spaces::SpaceRecord& space) {
  return ctx_.db.with(
      [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.resolve(space.id); });
}

void SpaceSettingsApi::respond_runtime(Exchange& ex, const spaces::SpaceRecord& space,
                                       std::string_view notice) {
  ex.respond(http::status::ok, "application/json", space_runtime_json(ctx_, reload(space)).dump(),
             {{"X-Berth-Notice", std::string(notice)}});
}

Json SpaceSettingsApi::variables_json(const spaces::SpaceRecord& space) {
  auto variables = ctx_.db.with(
      [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.variables(space.id); });
  Json out = Json::object();
  for (const auto& v : variables) {
    out[v.key] = {{"value", v.value}, {"description", v.description}, {"updatedAt", v.updated}};
  }
  return out;
}

void SpaceSettingsApi::list_entries(Exchange& ex, const spaces::SpaceRecord& space, bool secrets) {
  if (!secrets) {
    // Variables are public on the Hub: whoever sees the Space sees them (to duplicate it).
    ex.respond_json(http::status::ok, variables_json(space));
    return;
  }
  // Only their names: still the owner's business (a read token will do).
  auto who = require_identity(ctx_, ex);
  if (!spaces::same_name(who.user, space.owner)) {
    throw ApiError{http::status::forbidden,
                   "You don't have the rights to see the secrets of " + space.id};
  }
  auto keys = ctx_.db.with(
      [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.secret_keys(space.id); });
  Json out = Json::object();
  for (const auto& k : keys)
    out[k.key] = {{"description", k.description}, {"updatedAt", k.updated}};
  ex.respond_json(http::status::ok, out);
}

void SpaceSettingsApi::set_entry(Exchange& ex, const spaces::SpaceRecord& space, bool secrets) {
  require_owner(ctx_, ex, space, secrets ? "set secrets of" : "set variables of");
  Json body = parse_body(ex);
  std::string key = required_string(body, "key");
  std::string value = required_string(body, "value");
  auto description = field<std::string>(body, "description");
  std::optional<std::string_view> text;
  if (description) text = *description;
  ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
    spaces::set_space_entry(s, space.id, key, value, text, secrets);
    return 0;
  });
  std::vector<std::pair<std::string, std::string>> notice = {
      {"X-Berth-Notice", redeploy_after_settings_change(ctx_, space.id)}};
  if (secrets) {
    ex.respond(http::status::ok, "application/json", "{}", notice);
  } else {
    ex.respond(http::status::ok, "application/json", variables_json(space).dump(), notice);
  }
}

void SpaceSettingsApi::delete_entry(Exchange& ex, const spaces::SpaceRecord& space, bool secrets) {
  require_owner(ctx_, ex, space, secrets ? "delete secrets of" : "delete variables of");
  Json body = parse_body(ex);
  std::string key = required_string(body, "key");
  bool removed = ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
    return secrets ? s.remove_secret(space.id, key) : s.remove_variable(space.id, key);
  });
  if (!removed) {
    throw ApiError{http::status::not_found, std::string(secrets ? "Secret " : "Variable ") +
                                                key.substr(0, 256) + " not found in " + space.id};
  }
  std::vector<std::pair<std::string, std::string>> notice = {
      {"X-Berth-Notice", redeploy_after_settings_change(ctx_, space.id)}};
  if (secrets) {
    ex.respond(http::status::ok, "application/json", "{}", notice);
  } else {
    ex.respond(http::status::ok, "application/json", variables_json(space).dump(), notice);
  }
}

void SpaceSettingsApi::request_hardware(Exchange& ex, const spaces::SpaceRecord& space) {
  require_owner(ctx_, ex, space, "change the hardware of");
  Json body = parse_body(ex);
  std::string flavor = required_string(body, "flavor");
  auto sleep = optional_integer(body, "sleepTimeSeconds");
  // Both are checked before either is stored.
  spaces::check_runnable_hardware(flavor, machine_);
  if (sleep) spaces::check_sleep_time(*sleep);
  ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
    s.set_hardware(space.id, flavor);
    if (sleep) s.set_sleep_time(space.id, *sleep);
    return 0;
  });
  if (sleep) ctx_.lifecycle.sleep_time_changed();
  respond_runtime(ex, space, redeploy_after_settings_change(ctx_, space.id));
}

void SpaceSettingsApi::set_sleep_time(Exchange& ex, const spaces::SpaceRecord& space) {
  require_owner(ctx_, ex, space, "change the sleep time of");
  Json body = parse_body(ex);
  int64_t seconds = required_integer(body, "seconds");
  spaces::check_sleep_time(seconds);
  ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
    s.set_sleep_time(space.id, seconds);
    return 0;
  });
  ctx_.lifecycle.sleep_time_changed();
  respond_runtime(ex, space, kSleepNotice);
}

void SpaceSettingsApi::request_storage(Exchange& ex, const spaces::SpaceRecord& space) {
  require_owner(ctx_, ex, space, "change the storage of");
  Json body = parse_body(ex);
  std::string tier = required_string(body, "tier");
  spaces::check_storage_request(space.storage, tier);
  ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
    s.set_storage(space.id, tier);
    return 0;
  });
  respond_runtime(ex, space, kAtNextRestart);
}

void SpaceSettingsApi::delete_storage(Exchange& ex, const spaces::SpaceRecord& space) {
  require_owner(ctx_, ex, space, "delete the storage of");
  if (!space.storage) {
    throw ApiError{http::status::bad_request, space.id + " has no persistent storage"};
  }
  ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
    s.set_storage(space.id, std::nullopt);
    return 0;
  });
  spaces::remove_space_data(ctx_.deployer.space_dir(space.id));
  respond_runtime(ex, space,
                  "Deleted; a running app keeps the /data it has mounted until its next restart");
}

void SpaceSettingsApi::update_settings(Exchange& ex, const spaces::SpaceRecord& space) {
  require_owner(ctx_, ex, space, "change the settings of");
  Json body = parse_body(ex);
  auto change = spaces::parse_repo_settings(body);
  if (change.is_private) {
    ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
      s.set_private(space.id, *change.is_private);
      return 0;
    });
    ctx_.refresh_directory();  // the proxy's view of who may visit
  }
  auto now = reload(space);
  ex.respond(http::status::ok, "application/json", Json{{"private", now.is_private}}.dump(),
             {{"X-Berth-Notice", std::string(kApplied)}});
}

void SpaceSettingsApi::restart(Exchange& ex, const spaces::SpaceRecord& space) {
  require_owner(ctx_, ex, space, "restart");
  auto params = parse_query(ex.query());
  auto factory_param = params.find("factory");
  const bool factory = factory_param != params.end() &&
                       (factory_param->second == "true" || factory_param->second == "1");
  if (factory) {
    // Rebuilt from the branch a push deploys, every step again: also what gets a Space whose
    // last build failed going.
    auto head = spaces::default_branch_head(spaces::repository_of(ctx_.spaces_dir, space));
    if (!head) {
      throw ApiError{http::status::conflict, space.id + " has no commit to build; push first"};
    }
    queue_space_deploy(ctx_, space, *head, {.without_build_cache = true});
    respond_runtime(ex, space, "Rebuilding without the build cache");
    return;
  }
  if (space.stage == spaces::SpaceStage::kPaused) {
    // Pushes while it was paused were not deployed: the restart deploys the head.
    auto head = spaces::default_branch_head(spaces::repository_of(ctx_.spaces_dir, space));
    if (head && *head != space.current_commit) {
      ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
        s.set_stage(space.id, spaces::SpaceStage::kBuilding);  // not paused: the deploy runs
        return 0;
      });
      ctx_.routes.erase(space.id);
      queue_space_deploy(ctx_, space, *head);
      respond_runtime(ex, space, "Deploying " + *head + ", pushed while the Space was paused");
      return;
    }
  }
  if (space.current_image.empty()) {
    throw ApiError{http::status::conflict, space.id + " has no deployed version to restart"};
  }
  std::string id = space.id;
  auto& deployer = ctx_.deployer;
  // Resumes the Space if it is paused now; one paused after this request stays paused.
  const bool resume = space.stage == spaces::SpaceStage::kPaused;
  ctx_.deploys.submit(
      id, "restart of " + id, [&deployer, id, resume] { deployer.restart(id, resume); },
      spaces::DeployQueue::JobKind::kOther);
  respond_runtime(ex, space, "Restarting");
}

void SpaceSettingsApi::pause(Exchange& ex, const spaces::SpaceRecord& space) {
  require_owner(ctx_, ex, space, "pause");
  // Waits for a deploy of the Space under way: the pause comes after it, and stays.
  ctx_.deployer.pause(space.id);
  respond_runtime(ex, space, "Paused; only a restart brings it back");
}

void SpaceSettingsApi::rollback(Exchange& ex, const spaces::SpaceRecord& space) {
  require_owner(ctx_, ex, space, "roll back");
  // The body is optional: without one (or without "commit") the deploy before the current one.
  std::optional<std::string> commit;
  if (!ex.request()[http::field::content_type].empty())
    commit = field<std::string>(parse_body(ex), "commit");
  // Checked here, so an unknown commit is this request's 404 rather than a failed job's log line.
  auto target = ctx_.deployer.rollback_target(space.id, commit);
  // In the Space's deploy queue: after a deploy under way, and the answer does not wait for the
  // new instance's probe and the old one's drain.
  std::string id = space.id;
  auto& deployer = ctx_.deployer;
  ctx_.deploys.submit(
      id, "rollback of " + id + " to " + target.commit,
      [&deployer, id, commit = target.commit] { deployer.rollback(id, commit); },
      spaces::DeployQueue::JobKind::kOther);
  respond_runtime(ex, space, "Rolling back to " + target.commit);
}

void SpaceSettingsApi::list_deploys(Exchange& ex, const spaces::SpaceRecord& space) {
  auto history = ctx_.deployer.deploy_history(space.id);
  auto current = spaces::current_deploy_id(history, space.current_commit);
  Json out = Json::array();
  for (const auto& d : history) {
    Json entry = {{"commit", d.commit},
                  {"deployedAt", d.deployed_at},
                  {"kind", std::string(spaces::to_string(d.kind))},
                  {"current", d.id == current},
                  {"image", d.image},
                  {"imageKept", !d.image_removed},
                  {"crashed", d.crashed}};
    out.push_back(std::move(entry));
  }
  ex.respond(http::status::ok, "application/json", out.dump());
}

Json SpaceSettingsApi::previews_json(const spaces::SpaceRecord& space) {
  spaces::SpaceFilter filter;
  filter.preview_of = space.id;
  auto previews =
      ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.list(filter); });
  Json list = Json::array();
  for (const auto& p : previews) {
    Json entry = {{"id", p.id},
                  {"branch", p.preview_branch},
                  {"host", ctx_.deployer.host_of(p)},
                  {"url", ctx_.space_url(p)},
                  {"private", p.is_private},
                  {"stage", std::string(to_string(p.stage))}};
    if (!p.current_commit.empty()) entry["sha"] = p.current_commit;
    if (!p.error_message.empty()) entry["errorMessage"] = p.error_message;
    list.push_back(std::move(entry));
  }
  return {{"secrets", space.previews_get_secrets},
          {"public", space.previews_public},
          {"previews", std::move(list)}};
}

void SpaceSettingsApi::list_previews(Exchange& ex, const spaces::SpaceRecord& space) {
  auto who = require_identity(ctx_, ex);
  if (!spaces::same_name(who.user, space.owner) && !space.previews_public) {
    // Private previews are the owner's: others learn nothing of them, not even their number.
    ex.respond_json(http::status::ok,
                    Json{{"secrets", false}, {"public", false}, {"previews", Json::array()}});
    return;
  }
  ex.respond_json(http::status::ok, previews_json(space));
}

void SpaceSettingsApi::set_previews(Exchange& ex, const spaces::SpaceRecord& space) {
  require_owner(ctx_, ex, space, "change the previews of");
  if (!space.preview_of.empty()) {
    throw ApiError{http::status::bad_request, space.id + " is a preview: previews have none"};
  }
  Json body = parse_body(ex);
  bool secrets = field<bool>(body, "secrets").value_or(space.previews_get_secrets);
  bool is_public = field<bool>(body, "public").value_or(space.previews_public);
  ctx_.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
    s.set_preview_settings(space.id, secrets, is_public);
    return 0;
  });
  ctx_.refresh_directory();  // who may visit the previews
  ex.respond(http::status::ok, "application/json", previews_json(reload(space)).dump(),
             {{"X-Berth-Notice", "Applied; secrets reach previews at their next deploy"}});
}

}  // namespace berth::server
