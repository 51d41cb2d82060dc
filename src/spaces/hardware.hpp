#pragma once
// What a Hub hardware flavor means on this machine: the CPU, memory and disk limits of the
// Space's container, clamped to what the machine has, and the facts the container's environment
// tells the app (CPU_CORES, MEMORY, ACCELERATOR).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace berth::spaces {

struct MachineFacts {
  int cpus = 1;
  int64_t memory_bytes = 0;
  bool has_gpu = false;
  // This machine, read from sysconf and /proc/meminfo, and /dev/nvidia0 for a GPU.
  static MachineFacts probe();
};

struct HardwareLimits {
  std::string flavor;
  double cpus = 0;
  int64_t memory_bytes = 0;
  // The cap of the container's writable layer: the flavor's ephemeral disk.
  int64_t disk_bytes = 0;
  std::string accelerator = "none";
  // Why the limits are below the flavor's, for the Space's log; empty when they are not.
  std::string note;
};

struct FlavorSpec {
  std::string_view name;
  std::string_view pretty_name;
  int cpus;
  int64_t memory_gib;
  std::string_view accelerator;  // "" for CPU flavors
  int64_t disk_gib;              // ephemeral disk, as the Hub gives it
  // The GPU, as the Hub's /api/spaces/hardware describes it; empty for CPU flavors.
  std::string_view gpu_model = {};
  int64_t gpu_vram_gb = 0;
};

// The memory no Space may take from this machine, so that the host (the server, sshd, the
// kernel) keeps working when a Space fills its limit: an eighth of it, 512 MiB at least.
int64_t host_reserve(const MachineFacts& machine);

// The flavors Berth can run (the CPU ones) and the GPU ones it names in its refusal.
const std::vector<FlavorSpec>& flavor_specs();

// InvalidArgumentError for a flavor that is not a Hub flavor; Error "… needs a GPU" for a GPU
// flavor on a machine without one, and "not supported yet" for GPU flavors elsewhere.
HardwareLimits resolve_hardware(std::string_view flavor, const MachineFacts& machine);

// "16Gi": how MEMORY is written in the container's environment.
std::string format_memory(int64_t bytes);

}  // namespace berth::spaces
