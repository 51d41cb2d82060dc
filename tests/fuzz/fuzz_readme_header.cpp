// A Space's README.md header (YAML front matter): pushed by any Space owner, parsed by the
// server. Refusals are values; no exception may escape.
#include "fuzz_target.hpp"
#include "spaces/readme_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)berth::spaces::parse_readme_header(berth::fuzz::text_of(data, size));
  return 0;
}
