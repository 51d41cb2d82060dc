#pragma once
// A compose project in a temporary directory, for the compose unit tests: files written from
// strings, loaded as `berth compose` would load them from that directory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "compose/compose_error.hpp"
#include "compose/loader.hpp"
#include "compose/model_json.hpp"
#include "compose/yaml_emitter.hpp"

namespace berth::compose::testing {

class ComposeTestProject {
 public:
  ComposeTestProject() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "berth-compose-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    dir_ = root_ / "proj";
    std::filesystem::create_directories(dir_);
    options.working_dir = dir_.string();
    options.environment = {{"HOME", "/home/someone"}};
  }
  ~ComposeTestProject() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  ComposeTestProject(const ComposeTestProject&) = delete;
  ComposeTestProject& operator=(const ComposeTestProject&) = delete;

  ComposeTestProject& write(const std::string& relative, const std::string& text) {
    auto path = dir_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return *this;
  }

  const std::filesystem::path& dir() const { return dir_; }

  Project load() { return load_project(options); }

  // The project as `compose config` prints it.
  std::string config() { return to_yaml(project_json(load())); }

  // The message of the ComposeError loading throws, or "no error".
  std::string error() {
    try {
      load();
    } catch (const ComposeError& e) {
      return e.what();
    }
    return "no error";
  }

  ProjectOptions options;

 private:
  std::filesystem::path root_;
  std::filesystem::path dir_;
};

}  // namespace berth::compose::testing
