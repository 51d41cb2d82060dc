#include "build/executor/secret_mount.hpp"

#include <unistd.h>

#include <cstdlib>

#include "base/error.hpp"

namespace berth::build {
namespace {

std::string secret_value(const SecretSource& s) {
  if (s.value) return *s.value;
  if (s.env) {
    const char* v = std::getenv(s.env->c_str());
    if (!v)
      throw InvalidArgumentError("secret " + s.id + ": environment variable " + *s.env +
                                 " is not set");
    return v;
  }
  return read_file(*s.file);
}

}  // namespace

std::string secret_mount_id(const RunMount& m) {
  return m.id.empty() ? std::filesystem::path(m.target).filename().string() : m.id;
}

std::map<std::string, std::string> read_secret_values(
    const std::vector<RunMount>& mounts, const std::map<std::string, SecretSource>& secrets) {
  std::map<std::string, std::string> values;
  for (const auto& m : mounts) {
    if (m.type != MountType::kSecret) continue;
    std::string id = secret_mount_id(m);
    auto source = secrets.find(id);
    if (source == secrets.end()) {
      if (m.required) throw Error("secret " + id + ": not found");
      continue;
    }
    if (!values.count(id)) values[id] = secret_value(source->second);
  }
  return values;
}

SecretMountPreparer::SecretMountPreparer(std::filesystem::path files_parent,
                                         const std::map<std::string, std::string>& values)
    : files_parent_(std::move(files_parent)), values_(values) {}

void SecretMountPreparer::prepare(const RunMount& m, RunStep& r) {
  std::string id = secret_mount_id(m);
  auto found = values_.find(id);
  if (found == values_.end()) return;  // optional and not given
  const std::string& value = found->second;
  if (!files_) {
    ensure_directory(files_parent_, 0700);
    files_.emplace(files_parent_, "build-secrets-");
  }
  auto file = files_->path() / id;
  write_file_replace(file, value, m.mode.value_or(0400));
  if (::chown(file.c_str(), m.uid.value_or(0), m.gid.value_or(0)) != 0) {
    throw_errno("chown secret " + id);
  }
  std::string target = m.target.empty() ? "/run/secrets/" + id : m.target;
  if (!target.starts_with("/")) target = "/" + target;
  r.mounts.push_back({"bind", file.string(), target, true, {"rbind"}});
  if (m.env) r.env.push_back(*m.env + "=" + value);
}

}  // namespace berth::build
