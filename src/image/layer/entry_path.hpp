#pragma once
// Turns a tar entry name into a clean path relative to the layer root.
#include <string>
#include <string_view>

namespace berth::image {

// "layer entry \"NAME\": MESSAGE" — every layer error names the entry it is about.
std::string entry_message(std::string_view entry, std::string_view message);

// Lexically cleans `name`: a leading "/" is stripped (absolute names are contained in the
// layer, as Docker does), "." and empty components dropped, ".." applied. Returns "" for the
// root itself. Throws berth::Error if ".." would climb above the root.
std::string clean_entry_path(std::string_view name, std::string_view entry_for_errors);

}  // namespace berth::image
