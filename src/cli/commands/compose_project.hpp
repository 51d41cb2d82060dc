#pragma once
// What every `berth compose` subcommand shares: the project the global flags name, loaded
// with this process's environment (warnings on stderr, dependency cycles refused), and the
// engine it runs on.
#include <memory>

#include "cli/context.hpp"
#include "compose/orchestrator/engine_project_backend.hpp"
#include "compose/project.hpp"
#include "compose/project_options.hpp"

namespace CLI {
class App;
}

namespace berth::cli {

compose::Project load_compose_project(const compose::ProjectOptions& options);

// A backend over this process's engine root, and a factory of more (one per thread).
compose::BackendFactory compose_backends(Context& ctx);

using ProjectOptionsPtr = std::shared_ptr<compose::ProjectOptions>;

// The subcommands, one file each (compose_*.cpp).
void add_compose_config(CLI::App& group, ProjectOptionsPtr project);
void add_compose_lifecycle(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_logs(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_ps(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_exec(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_run(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_top(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_port(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_attach(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_images(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_ls(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_build(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_pull(CLI::App& group, Context& ctx, ProjectOptionsPtr project);
void add_compose_push(CLI::App& group, Context& ctx, ProjectOptionsPtr project);

}  // namespace berth::cli
