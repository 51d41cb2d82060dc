// .dockerignore files and their matching: the first line is a context path, the rest the file.
#include <string>

#include "base/error.hpp"
#include "build/context/dockerignore.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto [path, file] = berth::fuzz::split_first_line(berth::fuzz::text_of(data, size));
  try {
    auto matcher = berth::build::parse_dockerignore(file, ".dockerignore");
    (void)matcher.matches(path);
  } catch (const berth::InvalidArgumentError&) {
  }
  return 0;
}
