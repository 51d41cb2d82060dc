#pragma once
// A service's volume in compose's long form: type volume (named or anonymous), bind, tmpfs.
// The short form "SOURCE:TARGET[:MODE]" is parsed by parse_volume_spec; relative bind
// sources are made absolute by the reader against the file's directory.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::compose {

struct VolumeMount {
  std::string type;  // volume, bind, tmpfs (also npipe, image, cluster: kept as written)
  std::string source;
  std::string target;
  bool read_only = false;
  std::string consistency;
  // bind:
  bool has_bind = false;
  std::string bind_propagation;
  std::optional<bool> bind_create_host_path;
  std::string bind_selinux;
  // volume:
  bool has_volume = false;
  bool volume_nocopy = false;
  std::string volume_subpath;
  // tmpfs:
  bool has_tmpfs = false;
  std::optional<int64_t> tmpfs_size;
  std::optional<uint32_t> tmpfs_mode;
};

// Why a short form is refused, or the mount it stands for. `source` is left as written.
struct VolumeSpecResult {
  std::optional<VolumeMount> mount;
  std::string error;
};
VolumeSpecResult parse_volume_spec(std::string_view spec);

}  // namespace berth::compose
