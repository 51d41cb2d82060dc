// Image references: whatever parses must print (str, familiar) as text that parses back to
// the same reference, or save/load and tags would rename images.
#include <cstdio>
#include <cstdlib>

#include "fuzz_target.hpp"
#include "image/reference/reference.hpp"

namespace {

void must_round_trip(const berth::image::Reference& ref, const std::string& text,
                     const char* form) {
  auto again = berth::image::Reference::try_parse(text);
  if (!again || !(*again == ref)) {
    std::fprintf(stderr, "%s form %s of %s does not parse back to it\n", form, text.c_str(),
                 ref.str().c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto ref = berth::image::Reference::try_parse(berth::fuzz::text_of(data, size));
  if (!ref) return 0;
  must_round_trip(*ref, ref->str(), "full");
  must_round_trip(*ref, ref->familiar(), "familiar");
  return 0;
}
