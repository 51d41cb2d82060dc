#pragma once
// The Range header of a download (RFC 9110 section 14): huggingface_hub resumes an interrupted
// download with "bytes=N-". One range is served; a list of ranges is answered whole, as the
// RFC allows a server to.
#include <cstdint>
#include <optional>
#include <string_view>

namespace berth::server {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
  uint64_t length() const { return last - first + 1; }
};

struct RangeRequest {
  enum class Kind {
    kWhole,          // no Range header, one the server ignores (not bytes, several ranges,
                     // malformed): 200 with everything
    kPartial,        // 206 with `range`
    kUnsatisfiable,  // 416: the range starts past the end
  };
  Kind kind = Kind::kWhole;
  ByteRange range;
};

// What to send of a `size`-byte file for the Range header `header` ("" when none).
RangeRequest parse_range(std::string_view header, uint64_t size);

}  // namespace berth::server
