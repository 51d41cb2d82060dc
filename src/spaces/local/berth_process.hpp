#pragma once
// The local builder and runner drive Berth's engine through the `berth` binary itself, one
// process per operation: the server never shares the engine's stores across threads, a crash
// in a build cannot take the server down, and a stuck operation can be killed.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/process.hpp"

namespace berth::spaces {

using BerthProcessResult = ProcessResult;

class BerthProcess {
 public:
  // `berth` is the binary, `root` its --root.
  BerthProcess(std::filesystem::path berth, std::filesystem::path root);

  // Runs `berth --root ROOT ARGS…` with `env` added to a minimal environment (values there
  // never show on a command line). Each output line goes to `on_line` as it comes when one is
  // given; else the output is collected. Throws berth::Error only when it cannot start.
  BerthProcessResult run(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {},
                         const std::function<void(std::string_view)>& on_line = {}) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path berth_;
  std::filesystem::path root_;
};

}  // namespace berth::spaces
