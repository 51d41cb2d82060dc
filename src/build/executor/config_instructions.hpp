#pragma once
// The instructions that change only the image config (ENV, CMD, LABEL, EXPOSE, ...), applied
// to the config's "config" object the way BuildKit writes it, so images run the same in
// podman and docker. Also the history text ("created_by") each instruction leaves.
#include <string>
#include <vector>

#include "base/json.hpp"
#include "build/dockerfile/instructions.hpp"

namespace berth::build {

// Applies an already expanded config-only instruction. `shell` is the stage's SHELL, used for
// shell-form CMD/ENTRYPOINT/HEALTHCHECK. Returns false when `instruction` is not config-only
// (RUN, COPY, ADD, WORKDIR, FROM, ARG).
bool apply_config_instruction(Json& runtime_config, const Instruction& instruction,
                              const std::vector<std::string>& shell);

// Sets NAME=value in an Env list, replacing an earlier NAME.
void set_env(Json& runtime_config, const std::string& name, const std::string& value);
// The value of NAME in the config's Env, if set.
std::optional<std::string> env_value(const Json& runtime_config, const std::string& name);

// The history "created_by" of an expanded instruction, as BuildKit writes it ("RUN /bin/sh -c
// make # buildkit", "COPY . /app # buildkit", "ENV A=b", "WORKDIR /app", ...).
std::string history_text(const Instruction& instruction, const std::vector<std::string>& shell);

// The command a shell- or exec-form CommandLine runs under `shell`.
std::vector<std::string> command_argv(const CommandLine& command,
                                      const std::vector<std::string>& shell);

}  // namespace berth::build
