#pragma once
// The values the Hub accepts for the README header's enumerated keys (the Spaces configuration
// reference; huggingface_hub's SpaceHardware and SpaceStorage), so that Berth refuses what the
// Hub refuses and a README moves between the two unchanged.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace berth::spaces {

// colorFrom / colorTo: the thumbnail gradient's colors.
std::span<const std::string_view> thumbnail_colors();
// suggested_hardware: every flavor the Hub has offered (CPU, ZeroGPU, GPU, TPU, Neuron).
std::span<const std::string_view> hardware_flavors();
// suggested_storage: the persistent storage tiers.
std::span<const std::string_view> storage_tiers();
// The size of a tier's /data, as the Hub sells it: small 20 GB, medium 150 GB, large 1 TB
// (binary units here). InvalidArgumentError for a name that is not a tier.
int64_t storage_tier_bytes(std::string_view tier);
// header: how the Space page frames the app.
std::span<const std::string_view> header_styles();
// custom_headers: the only response headers the Hub lets a Space set (COEP, COOP, CORP).
std::span<const std::string_view> custom_header_names();
// The values a custom header may take: the tokens its specification defines (HTML's
// cross-origin policies, Fetch's CORP). Empty for a name that is not allowed.
std::span<const std::string_view> custom_header_values(std::string_view name);

bool contains(std::span<const std::string_view> set, std::string_view value);
// "a, b, c": how error messages list a set.
std::string join(std::span<const std::string_view> set);

}  // namespace berth::spaces
