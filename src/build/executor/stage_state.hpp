#pragma once
// The state of a stage between two instructions, and what the steps read from it: its image
// config (the whole document, with history), its layers, its ARG values and its cache key.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "base/digest.hpp"
#include "base/json.hpp"
#include "image/image_store.hpp"

namespace berth::build {

struct StageState {
  Json config;  // full image config document
  std::vector<image::ImageLayer> layers;
  std::map<std::string, std::string> args;  // ARGs declared in the stage, with their values
  Digest key;                               // cache key of the state so far
  size_t stage = 0;                         // COPY --from / from= resolve relative to it
};

// The config's "config" object (Env, Cmd, WorkingDir, …), made when missing.
Json& runtime_config(StageState& s);
std::vector<std::string> stage_shell(const StageState& s);  // SHELL, or /bin/sh -c
std::string stage_workdir(const StageState& s);             // WORKDIR, or /
std::string stage_user(const StageState& s);

// The key of the state after `step` on a state keyed `parent`. Its form is what existing caches
// are keyed by: changing it makes every cached step miss.
Digest chain_key(const Digest& parent, const Json& step);

// Appends a history entry (BuildKit's comment) and sets "created" to now.
void add_history(StageState& s, const std::string& created_by, bool empty_layer);

// Cleans a WORKDIR argument (or a mount target) against the current working directory, as
// Docker does.
std::string resolve_workdir(const std::string& current, const std::string& path);

}  // namespace berth::build
