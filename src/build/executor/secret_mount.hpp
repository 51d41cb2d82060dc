#pragma once
// RUN --mount=type=secret: the build secret as a file (on the run dir's tmpfs, never on disk)
// bound at the target (default /run/secrets/<id>), and with env= also as a variable.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/fs.hpp"
#include "build/executor/builder.hpp"
#include "build/executor/run_mount_preparer.hpp"

namespace berth::build {

// The id a secret mount names: id=, or the target's base name.
std::string secret_mount_id(const RunMount& mount);

// The values of the secrets a RUN's mounts name, read now (before the step's cache key, which
// holds a keyed hash of each). A missing optional secret is left out; a missing required one
// throws "secret ID: not found".
std::map<std::string, std::string> read_secret_values(
    const std::vector<RunMount>& mounts, const std::map<std::string, SecretSource>& secrets);

class SecretMountPreparer : public RunMountPreparer {
 public:
  // `files_parent`: where the RUN's secret files live (a tmpfs: /run/berth), made on first use;
  // `values`: read_secret_values.
  SecretMountPreparer(std::filesystem::path files_parent,
                      const std::map<std::string, std::string>& values);
  void prepare(const RunMount& mount, RunStep& step) override;

 private:
  std::filesystem::path files_parent_;
  const std::map<std::string, std::string>& values_;
  std::optional<TempDir> files_;  // made for the first secret, removed after the RUN
};

}  // namespace berth::build
