#include "server/web/space_card.hpp"

#include <algorithm>

#include "server/web/web_page.hpp"
#include "spaces/hardware.hpp"
#include "spaces/hub_values.hpp"

namespace berth::server {

namespace {

bool is_thumbnail_color(std::string_view color) {
  auto colors = spaces::thumbnail_colors();
  return std::find(colors.begin(), colors.end(), color) != colors.end();
}

}  // namespace

std::string display_title(const spaces::SpaceRecord& space) {
  return space.card.title.empty() ? space.name : space.card.title;
}

std::string space_thumbnail(const spaces::SpaceRecord& space) {
  std::string classes = "thumb";
  if (is_thumbnail_color(space.card.color_from)) classes += " from-" + space.card.color_from;
  if (is_thumbnail_color(space.card.color_to)) classes += " to-" + space.card.color_to;
  const std::string emoji = space.card.emoji.empty() ? "🚢" : space.card.emoji;
  return "<div class=\"" + classes + "\" aria-hidden=\"true\">" + html_escape(emoji) + "</div>";
}

std::string space_card(const spaces::SpaceRecord& space) {
  const std::string id = html_escape(space.id);
  std::string html = "<li><a class=\"space-card\" href=\"/spaces/" + id + "\" data-space=\"" + id +
                     "\">" + space_thumbnail(space) + "<div class=\"body\">";
  html += "<div class=\"title\">" + html_escape(display_title(space)) + "</div>";
  html += "<div class=\"id\">" + id + "</div>";
  if (!space.card.short_description.empty()) {
    html += "<p class=\"desc\">" + html_escape(space.card.short_description) + "</p>";
  }
  html += stage_badge(space.id, space.stage);
  if (space.is_private) html += " <span class=\"hint\">private</span>";
  html += "</div></a></li>";
  return html;
}

std::string hardware_options(std::string_view selected) {
  std::string html;
  for (const auto& spec : spaces::flavor_specs()) {
    if (!spec.accelerator.empty()) continue;  // Berth cannot give GPUs yet
    html += "<option value=\"" + std::string(spec.name) + "\"";
    if (spec.name == selected) html += " selected";
    html += ">" + html_escape(spec.pretty_name) + " (" + std::string(spec.name) + ")</option>";
  }
  return html;
}

}  // namespace berth::server
