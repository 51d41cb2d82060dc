#include "spaces/hardware.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "base/error.hpp"
#include "spaces/host_memory.hpp"
#include "spaces/hub_values.hpp"

namespace berth::spaces {

namespace {
constexpr int64_t kGiB = int64_t{1} << 30;
}

MachineFacts MachineFacts::probe() {
  MachineFacts facts;
  facts.cpus = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
  facts.memory_bytes = meminfo_bytes("MemTotal").value_or(0);
  facts.has_gpu = std::filesystem::exists("/dev/nvidia0");
  return facts;
}

const std::vector<FlavorSpec>& flavor_specs() {
  static const std::vector<FlavorSpec> specs = {
      {"cpu-basic", "CPU basic", 2, 16, "", 50},
      {"cpu-upgrade", "CPU upgrade", 8, 32, "", 50},
      {"t4-small", "Nvidia T4 - small", 4, 15, "t4", 50, "T4", 16},
      {"t4-medium", "Nvidia T4 - medium", 8, 30, "t4", 50, "T4", 16},
      {"l4x1", "1x Nvidia L4", 8, 30, "l4", 400, "L4", 24},
      {"a10g-small", "Nvidia A10G - small", 4, 15, "a10g", 110, "A10G", 24},
      {"a10g-large", "Nvidia A10G - large", 12, 46, "a10g", 200, "A10G", 24},
      {"a100-large", "Nvidia A100 - large", 12, 142, "a100", 1000, "A100", 80},
  };
  return specs;
}

std::string format_memory(int64_t bytes) {
  if (bytes % kGiB == 0) return std::to_string(bytes / kGiB) + "Gi";
  return std::to_string(bytes / (1 << 20)) + "Mi";
}

int64_t host_reserve(const MachineFacts& machine) {
  constexpr int64_t kMiB = int64_t{1} << 20;
  return std::max(machine.memory_bytes / 8, 512 * kMiB);
}

HardwareLimits resolve_hardware(std::string_view flavor, const MachineFacts& machine) {
  if (!contains(hardware_flavors(), flavor)) {
    throw InvalidArgumentError(
        "hardware \"" + std::string(flavor) +
        "\" is not a Hub hardware flavor; one of: " + join(hardware_flavors()));
  }
  bool is_cpu_flavor = flavor.starts_with("cpu-");
  if (!is_cpu_flavor) {
    if (!machine.has_gpu) {
      throw Error("hardware \"" + std::string(flavor) +
                  "\" needs an accelerator and this machine has none; use cpu-basic or "
                  "cpu-upgrade");
    }
    throw Error("hardware \"" + std::string(flavor) +
                "\": accelerator flavors are not supported yet; use cpu-basic or cpu-upgrade");
  }
  const auto& specs = flavor_specs();
  auto spec = std::find_if(specs.begin(), specs.end(),
                           [&](const FlavorSpec& s) { return s.name == flavor; });
  if (spec == specs.end()) {
    throw Error("hardware \"" + std::string(flavor) + "\" is not supported yet");
  }
  HardwareLimits limits;
  limits.flavor = std::string(flavor);
  limits.cpus = std::min(spec->cpus, machine.cpus);
  limits.memory_bytes = spec->memory_gib * kGiB;
  limits.disk_bytes = spec->disk_gib * kGiB;
  if (machine.memory_bytes > 0) {
    int64_t available =
        std::max(machine.memory_bytes - host_reserve(machine), machine.memory_bytes / 2);
    limits.memory_bytes = std::min(limits.memory_bytes, available);
  }
  if (limits.cpus < spec->cpus || limits.memory_bytes < spec->memory_gib * kGiB) {
    std::ostringstream note;
    note << flavor << " is " << spec->cpus << " vCPU / " << spec->memory_gib
         << " GiB; this machine has " << machine.cpus << " CPUs and " << machine.memory_bytes / kGiB
         << " GiB, so the Space gets " << limits.cpus << " vCPU / "
         << format_memory(limits.memory_bytes);
    limits.note = note.str();
  }
  return limits;
}

}  // namespace berth::spaces
