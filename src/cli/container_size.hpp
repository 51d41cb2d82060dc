#pragma once
// A container's disk use as Docker reports it (`ps --size`, `inspect --size`): SizeRw, the bytes
// of its writable layer, and SizeRootFs, those and its image's together.
#include <cstdint>
#include <string>

#include "cli/context.hpp"
#include "runtime/container_record.hpp"

namespace berth::cli {

struct ContainerSize {
  std::uint64_t rw = 0;
  std::uint64_t root_fs = 0;
};

// Walks the writable layer (mounting a capped one for the call when the container is stopped).
ContainerSize container_size(Context& ctx, const runtime::ContainerRecord& c);

// ps's SIZE: "123kB (virtual 2.11MB)", or the writable layer's alone when nothing is there.
std::string size_text(const ContainerSize& size);

}  // namespace berth::cli
