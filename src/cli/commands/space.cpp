// `berth space create|ls|info|logs|restart|pause|sleeptime|rollback|deploys|gc|rm|host-access` and
// `berth space secret|variable set|rm|ls`:
// Spaces from the command line, on the same database `berth serve` uses.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <sstream>
#include <thread>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "runtime/root_events.hpp"
#include "spaces/hardware.hpp"
#include "spaces/lfs_garbage.hpp"
#include "spaces/local/engine_image_builder.hpp"
#include "spaces/local/engine_space_runner.hpp"
#include "spaces/space_admin.hpp"
#include "spaces/space_deployer.hpp"
#include "spaces/space_log.hpp"
#include "spaces/space_settings.hpp"

namespace berth::cli {

namespace {

namespace fs = std::filesystem;

// The pieces of the pipeline a CLI command needs, over this process's root.
struct SpacesTools {
  explicit SpacesTools(Context& ctx)
      : root((ctx.images(), fs::absolute(ctx.root()))),
        engine_config(ctx.core().config()),
        db(root),
        builder(engine_config),
        runner(engine_config),
        deployer(db, builder, runner, routes, options(root)) {}

  // Tells a server watching this root to look at the Spaces again now.
  void announce(const std::string& message) const {
    runtime::announce(engine_config.run_dir, engine_config.root, message);
  }

  spaces::DeployerOptions options(const fs::path& root) {
    spaces::DeployerOptions o;
    o.spaces_dir = root / "spaces";
    o.machine = spaces::MachineFacts::probe();
    // A rollback from here moves the route of the server watching this root: tell it at once,
    // before the old instance is retired.
    o.route_moved = [this](const std::string& id) { announce("space " + id); };
    return o;
  }

  fs::path root;
  engine::EngineConfig engine_config;
  spaces::SpacesDatabase db;
  spaces::EngineImageBuilder builder;
  spaces::EngineSpaceRunner runner;
  spaces::RouteTable routes;
  spaces::SpaceDeployer deployer;
};

// "owner/name"; InvalidArgumentError otherwise.
std::pair<std::string, std::string> split_space_id(const std::string& id) {
  auto slash = id.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == id.size() ||
      id.find('/', slash + 1) != std::string::npos) {
    throw InvalidArgumentError("\"" + id + "\" is not a Space id: expected OWNER/NAME");
  }
  return {id.substr(0, slash), id.substr(slash + 1)};
}

// Prints the "data" of each {"data","timestamp"} line; follows when asked.
void print_log(const fs::path& path, bool docker_format, bool follow) {
  spaces::LogTail tail(path);
  for (;;) {
    for (const auto& line : tail.read_new_lines()) {
      Json entry =
          Json::parse(docker_format ? spaces::docker_log_to_space_log(line) : line, nullptr, false);
      std::cout << (entry.is_object() ? entry.value("data", "") : line) << "\n";
    }
    std::cout.flush();
    if (!follow) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

std::string read_secret_value(const std::string& key) {
  if (::isatty(STDIN_FILENO)) std::cerr << "Value for " << key << ": ";
  std::stringstream in;
  in << std::cin.rdbuf();
  std::string value = in.str();
  if (!value.empty() && value.back() == '\n') value.pop_back();
  return value;
}

void add_entries(CLI::App& space, Context& ctx, bool secrets) {
  const char* what = secrets ? "secret" : "variable";
  auto* group =
      space.add_subcommand(what, secrets ? "Manage a Space's secrets (values are never shown)"
                                         : "Manage a Space's variables");
  group->require_subcommand(1);

  struct SetOptions {
    std::string id, key, description;
    std::optional<std::string> value;
  };
  auto set = std::make_shared<SetOptions>();
  auto* s = group->add_subcommand(
      "set", secrets ? "Set a secret (value from stdin when not given)" : "Set a variable");
  s->add_option("SPACE", set->id, "OWNER/NAME")->required();
  s->add_option("KEY", set->key, "Name: ^[a-zA-Z][_a-zA-Z0-9]*$")->required();
  s->add_option("VALUE", set->value,
                secrets ? "Value (prefer stdin: a command line is visible)" : "Value");
  s->add_option("--description", set->description, "What it is for");
  s->callback([&ctx, set, secrets] {
    SpacesTools tools(ctx);
    std::string value =
        set->value ? *set->value : (secrets ? read_secret_value(set->key) : std::string());
    if (!set->value && !secrets) throw InvalidArgumentError("variable set: VALUE is required");
    std::optional<std::string_view> description;
    if (!set->description.empty()) description = set->description;
    tools.db.with([&](spaces::SpaceStore& store, spaces::UserStore&) {
      spaces::set_space_entry(store, set->id, set->key, value, description, secrets);
      return 0;
    });
    tools.announce(std::string(spaces::kSettingsChangedAnnouncement) + set->id);  // redeploys
    std::cout << set->key << "\n";
  });

  auto rm = std::make_shared<std::pair<std::string, std::string>>();
  auto* r = group->add_subcommand("rm", std::string("Remove a ") + what);
  r->add_option("SPACE", rm->first, "OWNER/NAME")->required();
  r->add_option("KEY", rm->second, "Name")->required();
  r->callback([&ctx, rm, secrets, what] {
    SpacesTools tools(ctx);
    bool removed = tools.db.with([&](spaces::SpaceStore& store, spaces::UserStore&) {
      return secrets ? store.remove_secret(rm->first, rm->second)
                     : store.remove_variable(rm->first, rm->second);
    });
    if (!removed)
      throw NotFoundError(std::string(what) + " " + rm->second + " not found in " + rm->first);
    tools.announce(std::string(spaces::kSettingsChangedAnnouncement) + rm->first);  // redeploys
    std::cout << rm->second << "\n";
  });

  auto ls_id = std::make_shared<std::string>();
  auto* l = group->add_subcommand("ls", std::string("List a Space's ") + what + "s")->alias("list");
  l->add_option("SPACE", *ls_id, "OWNER/NAME")->required();
  l->callback([&ctx, ls_id, secrets] {
    SpacesTools tools(ctx);
    if (secrets) {
      auto keys = tools.db.with(
          [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.secret_keys(*ls_id); });
      std::cout << "KEY\tUPDATED\tDESCRIPTION\n";
      for (const auto& k : keys)
        std::cout << k.key << "\t" << k.updated << "\t" << k.description << "\n";
    } else {
      auto vars = tools.db.with(
          [&](spaces::SpaceStore& s, spaces::UserStore&) { return s.variables(*ls_id); });
      std::cout << "KEY\tVALUE\tUPDATED\tDESCRIPTION\n";
      for (const auto& v : vars) {
        std::cout << v.key << "\t" << v.value << "\t" << v.updated << "\t" << v.description << "\n";
      }
    }
  });
}

}  // namespace

CLI::App* add_space(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("space", "Manage Docker Spaces");
  group->require_subcommand(1);

  struct CreateOptions {
    std::string id, hardware = "cpu-basic", storage;
    bool is_private = false;
    std::optional<int64_t> sleep_time;
  };
  auto create = std::make_shared<CreateOptions>();
  auto* c = group->add_subcommand("create", "Create a Space and its git repository");
  c->add_option("SPACE", create->id, "OWNER/NAME (the owner must be a user)")->required();
  c->add_flag("--private", create->is_private, "Only the owner can see, clone and visit it");
  c->add_option("--hardware", create->hardware, "Hardware flavor")->capture_default_str();
  c->add_option("--storage", create->storage, "Persistent /data: small, medium or large");
  c->add_option("--sleep-time", create->sleep_time, "Seconds idle before sleeping (-1: never)");
  c->callback([&ctx, create] {
    SpacesTools tools(ctx);
    auto [owner, name] = split_space_id(create->id);
    spaces::SpaceCreateRequest request;
    request.owner = owner;
    request.name = name;
    request.is_private = create->is_private;
    request.hardware = create->hardware;
    request.sleep_time_seconds = create->sleep_time;
    if (!create->storage.empty()) request.storage = create->storage;
    auto space = spaces::create_space(tools.db, tools.root / "spaces", request);
    tools.announce("space " + space.id);  // a running server serves its host at once
    std::cout << space.id << "\n";
  });

  auto list_previews = std::make_shared<bool>(false);
  auto* ls = group->add_subcommand("ls", "List Spaces")->alias("list");
  ls->add_flag("--previews", *list_previews,
               "List the preview deploys of branches instead (with their Space and branch)");
  ls->callback([&ctx, list_previews] {
    SpacesTools tools(ctx);
    spaces::SpaceFilter filter;
    filter.previews = *list_previews;
    auto list =
        tools.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) { return s.list(filter); });
    std::cout << (*list_previews ? "PREVIEW\tSPACE\tBRANCH\t" : "SPACE\t")
              << "STAGE\tHARDWARE\tVISIBILITY\tCOMMIT\n";
    for (const auto& s : list) {
      std::cout << s.id << "\t";
      if (*list_previews) std::cout << s.preview_of << "\t" << s.preview_branch << "\t";
      std::cout << s.stage << "\t" << s.hardware << "\t" << (s.is_private ? "private" : "public")
                << "\t" << (s.current_commit.empty() ? "-" : s.current_commit.substr(0, 7)) << "\n";
    }
  });

  auto info_id = std::make_shared<std::string>();
  auto* info = group->add_subcommand("info", "Show a Space's settings and state as JSON");
  info->add_option("SPACE", *info_id, "OWNER/NAME")->required();
  info->callback([&ctx, info_id] {
    SpacesTools tools(ctx);
    auto s = tools.db.with(
        [&](spaces::SpaceStore& st, spaces::UserStore&) { return st.resolve(*info_id); });
    auto secrets = tools.db.with(
        [&](spaces::SpaceStore& st, spaces::UserStore&) { return st.secret_keys(s.id); });
    auto vars = tools.db.with(
        [&](spaces::SpaceStore& st, spaces::UserStore&) { return st.variables(s.id); });
    OrderedJson out = {
        {"id", s.id},
        {"private", s.is_private},
        {"stage", std::string(to_string(s.stage))},
        {"hardware", s.hardware},
        {"storage", s.storage ? Json(*s.storage) : Json()},
        {"sleepTimeSeconds", s.sleep_time_seconds ? Json(*s.sleep_time_seconds) : Json()},
        {"subdomain", s.subdomain},
        {"host", tools.deployer.host_of(s)},
        {"commit", s.current_commit},
        {"image", s.current_image},
        {"container", s.current_container},
        {"hostAccess", s.host_access},
        {"createdAt", s.created},
        {"lastModified", s.last_modified}};
    if (!s.error_message.empty()) out["errorMessage"] = s.error_message;
    if (!s.deploying_commit.empty()) out["deployingCommit"] = s.deploying_commit;
    OrderedJson variables = OrderedJson::object();
    for (const auto& v : vars) variables[v.key] = v.value;
    out["variables"] = variables;
    OrderedJson secret_keys = OrderedJson::array();
    for (const auto& k : secrets) secret_keys.push_back(k.key);
    out["secrets"] = secret_keys;
    std::cout << out.dump(4) << "\n";
  });

  struct LogsOptions {
    std::string id;
    bool build = false, follow = false;
  };
  auto logs = std::make_shared<LogsOptions>();
  auto* l = group->add_subcommand("logs", "Show a Space's run logs (or its last build's)");
  l->add_option("SPACE", logs->id, "OWNER/NAME")->required();
  l->add_flag("--build", logs->build, "The last build's log instead of the app's");
  l->add_flag("-f,--follow", logs->follow, "Follow log output");
  l->callback([&ctx, logs] {
    SpacesTools tools(ctx);
    auto s = tools.db.with(
        [&](spaces::SpaceStore& st, spaces::UserStore&) { return st.resolve(logs->id); });
    if (logs->build) {
      print_log(tools.deployer.build_log_path(s.id), false, logs->follow);
      return;
    }
    auto path = tools.deployer.run_log_path(s.id);
    if (!path)
      throw NotFoundError("Space " + s.id + " has no running app (stage " +
                          std::string(to_string(s.stage)) + ")");
    print_log(*path, true, logs->follow);
  });

  auto rm = std::make_shared<std::vector<std::string>>();
  auto* r = group->add_subcommand("rm", "Delete Spaces: app, image, repository and data");
  r->add_option("SPACE", *rm, "OWNER/NAME")->required();
  r->callback([&ctx, rm] {
    SpacesTools tools(ctx);
    for (const auto& id : *rm) {
      spaces::delete_space(tools.db, tools.deployer, id);
      tools.announce("space " + id);
      std::cout << id << "\n";
    }
  });

  auto restart_id = std::make_shared<std::string>();
  auto* restart = group->add_subcommand(
      "restart", "Restart a Space's app (drops its writable layer, keeps /data)");
  restart->add_option("SPACE", *restart_id, "OWNER/NAME")->required();
  restart->callback([&ctx, restart_id] {
    SpacesTools tools(ctx);
    tools.deployer.restart(*restart_id);
    tools.announce("space " + *restart_id);
    auto s = tools.db.with(
        [&](spaces::SpaceStore& st, spaces::UserStore&) { return st.resolve(*restart_id); });
    if (s.stage != spaces::SpaceStage::kRunning) {
      throw Error("Space " + s.id + " is " + std::string(to_string(s.stage)) + ": " +
                  s.error_message);
    }
    std::cout << s.id << "\n";
  });

  auto pause_id = std::make_shared<std::string>();
  auto* pause = group->add_subcommand(
      "pause", "Pause a Space: its app stops until `berth space restart` (image and /data kept)");
  pause->add_option("SPACE", *pause_id, "OWNER/NAME")->required();
  pause->callback([&ctx, pause_id] {
    SpacesTools tools(ctx);
    tools.deployer.pause(*pause_id);
    tools.announce("space " + *pause_id);  // a running server stops routing to it at once
    std::cout << *pause_id << "\n";
  });

  struct SleepTimeOptions {
    std::string id;
    std::string value;
  };
  auto sleep = std::make_shared<SleepTimeOptions>();
  auto* st = group->add_subcommand(
      "sleeptime",
      "Show or set how long a Space may go without a visit before it sleeps (frozen, then "
      "stopped; a visit wakes it)");
  st->add_option("SPACE", sleep->id, "OWNER/NAME")->required();
  st->add_option("SECONDS|never", sleep->value, "Seconds, or never");
  st->callback([&ctx, sleep] {
    SpacesTools tools(ctx);
    auto s = tools.db.with(
        [&](spaces::SpaceStore& st, spaces::UserStore&) { return st.resolve(sleep->id); });
    if (!sleep->value.empty()) {
      int64_t seconds = -1;
      if (sleep->value != "never") {
        try {
          size_t used = 0;
          seconds = std::stoll(sleep->value, &used);
          if (used != sleep->value.size()) seconds = 0;
        } catch (const std::exception&) {
          seconds = 0;
        }
        if (seconds <= 0) {
          throw InvalidArgumentError("invalid sleep time \"" + sleep->value +
                                     "\": give a positive number of seconds, or never");
        }
      }
      tools.db.with([&](spaces::SpaceStore& st, spaces::UserStore&) {
        st.set_sleep_time(s.id, seconds);
        return 0;
      });
      tools.announce("space " + s.id);  // a server watching this root may sleep it sooner
      s.sleep_time_seconds = seconds;
    }
    if (!s.sleep_time_seconds) {
      std::cout << "default\n";
    } else if (*s.sleep_time_seconds < 0) {
      std::cout << "never\n";
    } else {
      std::cout << *s.sleep_time_seconds << "\n";
    }
  });

  struct RollbackOptions {
    std::string id, commit;
  };
  auto roll = std::make_shared<RollbackOptions>();
  auto* rollback = group->add_subcommand(
      "rollback",
      "Serve an earlier deploy of a Space again, with no downtime (see `berth space deploys`)");
  rollback->add_option("SPACE", roll->id, "OWNER/NAME")->required();
  rollback->add_option("COMMIT", roll->commit,
                       "A deployed commit or a unique prefix of at least 7 hex digits (default: "
                       "the deploy before the current one)");
  rollback->callback([&ctx, roll] {
    SpacesTools tools(ctx);
    std::optional<std::string> commit;
    if (!roll->commit.empty()) commit = roll->commit;
    tools.deployer.rollback(roll->id, commit);
    auto s = tools.db.with(
        [&](spaces::SpaceStore& st, spaces::UserStore&) { return st.resolve(roll->id); });
    std::cout << s.id << " " << s.current_commit << "\n";
  });

  auto deploys_id = std::make_shared<std::string>();
  auto* deploys = group->add_subcommand(
      "deploys", "List a Space's deploys, newest first, and whether each keeps its image");
  deploys->add_option("SPACE", *deploys_id, "OWNER/NAME")->required();
  deploys->callback([&ctx, deploys_id] {
    SpacesTools tools(ctx);
    auto s = tools.db.with(
        [&](spaces::SpaceStore& st, spaces::UserStore&) { return st.resolve(*deploys_id); });
    auto history = tools.deployer.deploy_history(s.id);
    auto current = spaces::current_deploy_id(history, s.current_commit);
    std::cout << "COMMIT\tDEPLOYED\tKIND\tIMAGE\tSTATE\n";
    for (const auto& d : history) {
      std::cout << d.commit << "\t" << d.deployed_at << "\t" << to_string(d.kind) << "\t"
                << (d.image_removed ? "removed" : "kept") << "\t"
                << (d.id == current ? "current"
                    : d.crashed     ? "crashed"
                                    : "-")
                << "\n";
    }
  });

  auto gc_ids = std::make_shared<std::vector<std::string>>();
  auto* gc = group->add_subcommand(
      "gc",
      "Remove the Git LFS objects no commit of a Space references any more (those uploaded in "
      "the last hour stay, for the commit that may still come); all Spaces by default");
  gc->add_option("SPACE", *gc_ids, "OWNER/NAME");
  gc->callback([&ctx, gc_ids] {
    SpacesTools tools(ctx);
    auto list = tools.db.with([&](spaces::SpaceStore& st, spaces::UserStore&) {
      std::vector<spaces::SpaceRecord> chosen;
      if (gc_ids->empty()) return st.list();  // previews have no repository of their own
      for (const auto& id : *gc_ids) chosen.push_back(st.resolve(id));
      return chosen;
    });
    std::cout << "SPACE\tREMOVED\tFREED\tKEPT\n";
    for (const auto& s : list) {
      if (!s.preview_of.empty()) {
        throw InvalidArgumentError(s.id + " is a preview: its LFS objects are " + s.preview_of +
                                   "'s");
      }
      auto report = spaces::collect_lfs_garbage(spaces::repository_of(tools.root / "spaces", s));
      std::cout << s.id << "\t" << report.removed << "\t" << report.freed_bytes << "\t"
                << report.kept << "\n";
    }
  });

  struct HostAccessOptions {
    std::string id;
    std::string value;
  };
  auto access = std::make_shared<HostAccessOptions>();
  auto* a = group->add_subcommand(
      "host-access",
      "Show or set whether a Space's app may reach the host: the server's API and other "
      "Spaces (off by default; a change takes effect at the next restart)");
  a->add_option("SPACE", access->id, "OWNER/NAME")->required();
  a->add_option("on|off", access->value, "Allow or deny")->check(CLI::IsMember({"on", "off"}));
  a->callback([&ctx, access] {
    SpacesTools tools(ctx);
    auto s = tools.db.with(
        [&](spaces::SpaceStore& st, spaces::UserStore&) { return st.resolve(access->id); });
    if (!access->value.empty()) {
      s.host_access = access->value == "on";
      tools.db.with([&](spaces::SpaceStore& st, spaces::UserStore&) {
        st.set_host_access(s.id, s.host_access);
        return 0;
      });
    }
    std::cout << (s.host_access ? "on" : "off") << "\n";
  });

  add_entries(*group, ctx, true);
  add_entries(*group, ctx, false);
  return group;
}

}  // namespace berth::cli
