#pragma once
// The layer engine's public interface in one include.
#include "image/layer/apply_layer.hpp"      // IWYU pragma: export
#include "image/layer/compression.hpp"      // IWYU pragma: export
#include "image/layer/write_layer_tar.hpp"  // IWYU pragma: export
