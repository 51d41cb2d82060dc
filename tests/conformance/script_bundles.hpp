#pragma once
// Bundles and exec processes that run `/bin/sh -c SCRIPT`, for the OciRuntime suite's
// harnesses: a config.json (from a template the harness gives) with the process replaced.
#include <filesystem>
#include <string>

#include "base/json.hpp"

namespace berth::runtime {

// The process object that runs `script`.
Json script_process(const std::string& script);

// Writes `dir`/config.json: `spec` with its process running `script`.
void write_script_bundle(const std::filesystem::path& dir, Json spec, const std::string& script);

// Numbered bundles and process files under one directory, from one spec template.
class ScriptBundles {
 public:
  ScriptBundles(std::filesystem::path dir, Json spec)
      : dir_(std::move(dir)), spec_(std::move(spec)) {}
  std::filesystem::path bundle(const std::string& script);
  std::filesystem::path process(const std::string& script);

 private:
  std::filesystem::path dir_;
  Json spec_;
  int count_ = 0;
};

}  // namespace berth::runtime
