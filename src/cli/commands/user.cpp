// `berth user create|ls|rm` and `berth token create|ls|rm`: the accounts of `berth serve`.
#include <iostream>

#include "base/error.hpp"
#include "cli/commands/command.hpp"
#include "cli/output.hpp"
#include "spaces/spaces_database.hpp"
#include "spaces/token.hpp"

namespace berth::cli {

namespace {
spaces::SpacesDatabase open_database(Context& ctx) {
  ctx.images();  // creates the root and migrates the schema first
  return spaces::SpacesDatabase(ctx.root());
}
}  // namespace

CLI::App* add_user(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("user", "Manage the users of berth serve");
  group->require_subcommand(1);

  auto name = std::make_shared<std::string>();
  auto* create = group->add_subcommand("create", "Create a user");
  create->add_option("NAME", *name, "User name (the Hub's rules)")->required();
  create->callback([&ctx, name] {
    auto db = open_database(ctx);
    auto user =
        db.with([&](spaces::SpaceStore&, spaces::UserStore& u) { return u.create_user(*name); });
    std::cout << user.name << "\n";
  });

  auto* ls = group->add_subcommand("ls", "List users")->alias("list");
  ls->callback([&ctx] {
    auto db = open_database(ctx);
    auto users = db.with([](spaces::SpaceStore&, spaces::UserStore& u) { return u.list_users(); });
    std::cout << "NAME\tID\tCREATED\n";
    for (const auto& user : users)
      std::cout << user.name << "\t" << user.id << "\t" << user.created << "\n";
  });

  auto rm_name = std::make_shared<std::string>();
  auto* rm = group->add_subcommand("rm", "Remove a user and their tokens");
  rm->add_option("NAME", *rm_name, "User name")->required();
  rm->callback([&ctx, rm_name] {
    auto db = open_database(ctx);
    db.with([&](spaces::SpaceStore&, spaces::UserStore& u) {
      u.remove_user(*rm_name);
      return 0;
    });
    std::cout << *rm_name << "\n";
  });
  return group;
}

CLI::App* add_token(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("token", "Manage API and git tokens (hf_…)");
  group->require_subcommand(1);

  struct CreateOptions {
    std::string user, name;
    bool write = false;
  };
  auto create = std::make_shared<CreateOptions>();
  auto* c = group->add_subcommand("create", "Create a token for a user and print it (once)");
  c->add_option("USER", create->user, "The user the token acts as")->required();
  c->add_option("--name", create->name, "A name to tell the token apart (default: generated)");
  c->add_flag("--write", create->write, "Allow pushing and changing Spaces (default: read only)");
  c->callback([&ctx, create] {
    auto db = open_database(ctx);
    std::string token_name =
        create->name.empty() ? "token-" + spaces::new_token().substr(3, 8) : create->name;
    auto created = db.with([&](spaces::SpaceStore&, spaces::UserStore& u) {
      return u.create_token(create->user, token_name, create->write);
    });
    std::cout << created.token << "\n";
  });

  auto ls_user = std::make_shared<std::string>();
  auto* ls =
      group->add_subcommand("ls", "List a user's tokens (never their values)")->alias("list");
  ls->add_option("USER", *ls_user, "User name")->required();
  ls->callback([&ctx, ls_user] {
    auto db = open_database(ctx);
    auto tokens =
        db.with([&](spaces::SpaceStore&, spaces::UserStore& u) { return u.list_tokens(*ls_user); });
    std::cout << "NAME\tROLE\tCREATED\tLAST USED\n";
    for (const auto& t : tokens) {
      std::cout << t.name << "\t" << t.role << "\t" << t.created << "\t"
                << (t.last_used.empty() ? "never" : t.last_used) << "\n";
    }
  });

  auto rm_args = std::make_shared<std::pair<std::string, std::string>>();
  auto* rm = group->add_subcommand("rm", "Revoke a token");
  rm->add_option("USER", rm_args->first, "User name")->required();
  rm->add_option("NAME", rm_args->second, "Token name")->required();
  rm->callback([&ctx, rm_args] {
    auto db = open_database(ctx);
    db.with([&](spaces::SpaceStore&, spaces::UserStore& u) {
      u.revoke_token(rm_args->first, rm_args->second);
      return 0;
    });
    std::cout << rm_args->second << "\n";
  });
  return group;
}

}  // namespace berth::cli
