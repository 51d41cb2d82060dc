#pragma once
// Pieces of HTML that show a Space the same way on every page: its card in a listing, its
// thumbnail (the README header's emoji on its colorFrom → colorTo gradient) and its title.
#include <string>

#include "spaces/space_record.hpp"

namespace berth::server {

// The README header's title, else the Space's name (as the Hub shows it).
std::string display_title(const spaces::SpaceRecord& space);
// <div class="thumb from-X to-Y">emoji</div>; colours outside the Hub's list are ignored.
std::string space_thumbnail(const spaces::SpaceRecord& space);
// <li> with the card linking to the Space's page.
std::string space_card(const spaces::SpaceRecord& space);
// Hardware choices of the forms, Berth's runnable flavors, `selected` marked.
std::string hardware_options(std::string_view selected);

}  // namespace berth::server
