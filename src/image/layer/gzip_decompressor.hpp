#pragma once
// Gzip streams for the layer engine: ISA-L's inflate when libisal2 is installed, else zlib's.
// Both accept what Docker accepts: concatenated members (pigz, some registries) and zero
// padding after the last member; any other trailing byte is an error.
#include <memory>

#include "image/layer/decompressor.hpp"

namespace berth::image {

// ISA-L when present, else zlib.
std::unique_ptr<Decompressor> make_gzip_decompressor();
std::unique_ptr<Decompressor> make_zlib_gzip_decompressor();
// nullptr when libisal.so.2 is not installed.
std::unique_ptr<Decompressor> make_isal_gzip_decompressor();

}  // namespace berth::image
