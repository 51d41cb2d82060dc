#include "support/busybox_layer.hpp"

#include "base/fs.hpp"
#include "support/test_images.hpp"

namespace berth::test_support {

std::string busybox_layer() {
  using Kind = LayerEntry::Kind;
  std::vector<LayerEntry> entries = {{Kind::kDirectory, "bin", "", 0755},
                                     {Kind::kDirectory, "tmp", "", 01777},
                                     {Kind::kFile, "bin/busybox", read_file(kHostBusybox), 0755}};
  for (const char* tool : {"sh", "echo", "sleep", "cat"}) {
    entries.push_back({Kind::kSymlink, std::string("bin/") + tool, "busybox", 0777});
  }
  return make_layer(entries);
}

}  // namespace berth::test_support
