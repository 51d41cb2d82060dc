#include "spaces/hub_values.hpp"

#include <algorithm>
#include <array>

#include "base/error.hpp"

namespace berth::spaces {

namespace {

constexpr std::array<std::string_view, 8> kColors = {"red",    "yellow", "green", "blue",
                                                     "indigo", "purple", "pink",  "gray"};

// The reference's list plus huggingface_hub's SpaceHardware enum, old flavors included: a
// suggestion is only shown, and a README written for any Hub release should stay valid.
// CPU, ZeroGPU, GPU, Neuron, then the TPUs the reference listed for a while.
constexpr std::array<std::string_view, 30> kHardware = {
    "cpu-basic",    "cpu-upgrade",  "cpu-performance",
    "cpu-xl",       "sprx8",        "zero-a10g",
    "t4-small",     "t4-medium",    "l4x1",
    "l4x4",         "l40sx1",       "l40sx4",
    "l40sx8",       "a10g-small",   "a10g-large",
    "a10g-largex2", "a10g-largex4", "a100-large",
    "a100x4",       "a100x8",       "h100",
    "h100x8",       "h200",         "h200x2",
    "h200x4",       "h200x8",       "inf2x6",
    "v5e-1x1",      "v5e-2x2",      "v5e-2x4"};

constexpr std::array<std::string_view, 3> kStorage = {"small", "medium", "large"};

constexpr std::array<std::string_view, 2> kHeaderStyles = {"mini", "default"};

constexpr std::array<std::string_view, 3> kHeaderNames = {
    "cross-origin-embedder-policy", "cross-origin-opener-policy", "cross-origin-resource-policy"};

constexpr std::array<std::string_view, 3> kCoepValues = {"unsafe-none", "require-corp",
                                                         "credentialless"};
constexpr std::array<std::string_view, 4> kCoopValues = {"unsafe-none", "same-origin-allow-popups",
                                                         "same-origin", "noopener-allow-popups"};
constexpr std::array<std::string_view, 3> kCorpValues = {"same-site", "same-origin",
                                                         "cross-origin"};

}  // namespace

std::span<const std::string_view> thumbnail_colors() {
  return kColors;
}
std::span<const std::string_view> hardware_flavors() {
  return kHardware;
}
std::span<const std::string_view> storage_tiers() {
  return kStorage;
}
int64_t storage_tier_bytes(std::string_view tier) {
  constexpr int64_t kGiB = int64_t{1} << 30;
  if (tier == "small") return 20 * kGiB;
  if (tier == "medium") return 150 * kGiB;
  if (tier == "large") return 1024 * kGiB;
  throw InvalidArgumentError("invalid storage tier \"" + std::string(tier) +
                             "\": expected one of " + join(storage_tiers()));
}

std::span<const std::string_view> header_styles() {
  return kHeaderStyles;
}
std::span<const std::string_view> custom_header_names() {
  return kHeaderNames;
}

std::span<const std::string_view> custom_header_values(std::string_view name) {
  if (name == kHeaderNames[0]) return kCoepValues;
  if (name == kHeaderNames[1]) return kCoopValues;
  if (name == kHeaderNames[2]) return kCorpValues;
  return {};
}

bool contains(std::span<const std::string_view> set, std::string_view value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

std::string join(std::span<const std::string_view> set) {
  std::string out;
  for (auto v : set) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

}  // namespace berth::spaces
