#include "conformance/script_bundles.hpp"

#include "base/fs.hpp"

namespace berth::runtime {

Json script_process(const std::string& script) {
  return {{"terminal", false},
          {"user", {{"uid", 0}, {"gid", 0}}},
          {"args", {"/bin/sh", "-c", script}},
          {"env", {"PATH=/bin"}},
          {"cwd", "/"}};
}

void write_script_bundle(const std::filesystem::path& dir, Json spec, const std::string& script) {
  Json process = script_process(script);
  if (spec.contains("process")) {
    for (const auto& [key, value] : process.items()) spec["process"][key] = value;
  } else {
    spec["process"] = process;
  }
  ensure_directory(dir, 0700);
  write_file_atomic(dir / "config.json", spec.dump(), 0600);
}

std::filesystem::path ScriptBundles::bundle(const std::string& script) {
  auto dir = dir_ / ("bundle-" + std::to_string(count_++));
  write_script_bundle(dir, spec_, script);
  return dir;
}

std::filesystem::path ScriptBundles::process(const std::string& script) {
  auto file = dir_ / ("process-" + std::to_string(count_++) + ".json");
  write_file_atomic(file, script_process(script).dump());
  return file;
}

}  // namespace berth::runtime
