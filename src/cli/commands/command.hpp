#pragma once
// Each command lives in its own file and adds itself under a parent (the top level, or a
// group such as `image`), so `berth images` and `berth image ls` share one implementation.
// A command's callback throws berth::Error on failure; app.cpp prints it and sets the exit code.
#include <CLI/CLI.hpp>
#include <ostream>
#include <string>

#include "cli/build_info.hpp"
#include "cli/context.hpp"
#include "image/reference/reference.hpp"

namespace berth::cli {

CLI::App* add_images(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_image_inspect(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_history(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_tag(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_rmi(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_image_prune(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_import(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_load(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_save(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_pull(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_push(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_login(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_logout(CLI::App& parent, Context& ctx, const std::string& name);
// Pulls `ref` printing docker pull's lines to `out` (stderr for run's and create's pulls);
// `terminal`: rows redrawn in place with progress bars.
void pull_and_report(Context& ctx, const image::Reference& ref, std::ostream& out, bool terminal);
CLI::App* add_version(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_info(CLI::App& parent, Context& ctx, const std::string& name);

CLI::App* add_create(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_run(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_attach(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_start(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_stop(CLI::App& parent, Context& ctx, const std::string& name, bool restart);
CLI::App* add_kill(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_rm(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_wait(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_rename(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_ps(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_logs(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_container_prune(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_container_cleanup(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_exec(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_healthcheck(CLI::App& app, Context& ctx);
CLI::App* add_pause(CLI::App& parent, Context& ctx, const std::string& name, bool pause);
CLI::App* add_diff(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_commit(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_cp(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_export(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_stats(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_volume(CLI::App& app, Context& ctx);
CLI::App* add_network(CLI::App& app, Context& ctx);
CLI::App* add_port(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_system(CLI::App& app, Context& ctx);
CLI::App* add_build(CLI::App& parent, Context& ctx, const std::string& name);
CLI::App* add_builder(CLI::App& app, Context& ctx);
CLI::App* add_serve(CLI::App& app, Context& ctx);
CLI::App* add_user(CLI::App& app, Context& ctx);
CLI::App* add_token(CLI::App& app, Context& ctx);
CLI::App* add_space(CLI::App& app, Context& ctx);
CLI::App* add_compose(CLI::App& app, Context& ctx);
CLI::App* add_top(CLI::App& parent, Context& ctx, const std::string& name);
// any_type: the top-level `inspect`, which looks up containers first, then images.
CLI::App* add_container_inspect(CLI::App& parent, Context& ctx, const std::string& name,
                                bool any_type);

// Thrown by a command that already printed its own errors (e.g. `rmi a b` where only `a`
// is missing) and only needs to set the exit code.
struct ExitStatus {
  int code;
};

}  // namespace berth::cli
