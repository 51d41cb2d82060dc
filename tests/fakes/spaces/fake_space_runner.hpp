#pragma once
// A SpaceRunner that starts no container: an instance is a record whose app does what the
// test's `Program` says (runs, or has exited with a code, after printing some lines). It keeps
// the promises of SpaceRunner that the conformance suite (tests/conformance/space_runner_suite)
// holds it and the engine's runner to: networks made only when missing, missing instances and
// networks not an error to remove, logs as Docker's json-file.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/fs.hpp"
#include "spaces/space_runner.hpp"

namespace berth::spaces {

class FakeSpaceRunner : public SpaceRunner {
 public:
  // What an instance's app does once started.
  struct App {
    std::vector<std::string> output;
    bool runs = true;  // else it has exited with exit_code
    int exit_code = 0;
  };
  using Program = std::function<App(const SpaceRunRequest&)>;

  // Default program: the app runs (or, with exits_at_start, has exited with code 2) and has
  // printed "Traceback: boom".
  explicit FakeSpaceRunner(Program program = {});

  void start(const SpaceRunRequest& request) override;
  void remove(const std::string& name) override;
  InstanceStatus status(const std::string& name) override;
  void freeze(const std::string& name) override;
  void thaw(const std::string& name) override;
  std::vector<SpaceInstance> list_instances() override;
  std::vector<std::string> log_tail(const std::string& name, int lines) override;
  std::optional<std::filesystem::path> log_file(const std::string& name) override;
  void ensure_network(const std::string& network, const std::string& space_id,
                      bool host_access) override;
  std::optional<bool> network_host_access(const std::string& network) override;
  void remove_network(const std::string& network) override;

  // What the tests look at and set.
  std::vector<SpaceRunRequest> started;
  std::vector<std::string> removed, networks, removed_networks;  // calls, in order
  std::vector<std::string> frozen, thawed;                       // calls, in order
  std::map<std::string, InstanceStatus> instances;
  std::map<std::string, std::string> space_of;  // instance → its Space, as the label says
  std::map<std::string, bool> network_access;   // network → host access
  bool network_in_use = false;                  // remove_network fails
  std::string address = "127.0.0.1";            // a running instance's
  bool exits_at_start = false;

 private:
  std::filesystem::path log_path(const std::string& name) const;

  Program program_;
  std::map<std::string, std::vector<std::string>> output_;  // instance → its app's lines
  TempDir logs_;
};

}  // namespace berth::spaces
