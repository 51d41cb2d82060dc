// The Dockerfile frontend: logical lines, heredocs, instructions and their flags, stages.
// Any input may be refused with an InvalidArgumentError (SourceError); nothing else may escape.
#include "base/error.hpp"
#include "build/dockerfile/dockerfile.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    berth::build::Dockerfile dockerfile =
        berth::build::parse_dockerfile(berth::fuzz::text_of(data, size));
    (void)dockerfile.references();
  } catch (const berth::InvalidArgumentError&) {
  }
  return 0;
}
