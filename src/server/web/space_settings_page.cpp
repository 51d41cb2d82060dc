#include "server/web/space_settings_page.hpp"

#include "base/json.hpp"
#include "server/web/space_card.hpp"
#include "spaces/hub_values.hpp"

namespace berth::server {

namespace {

using spaces::SpaceStage;

// A form that the page's script sends to the JSON API, with `fixed` fields besides its own;
// `then`: where the page goes after success (berth.js; the default reloads it).
std::string api_form(std::string_view id, std::string_view url, std::string_view method,
                     const Json& fixed = Json::object(), std::string_view then = "") {
  std::string html = "<form id=\"" + std::string(id) + "\" class=\"card-form\" data-status " +
                     "data-api=\"" + html_escape(url) + "\" data-method=\"" + std::string(method) +
                     "\"";
  if (!fixed.empty()) html += " data-json=\"" + html_escape(fixed.dump()) + "\"";
  if (!then.empty()) html += " data-then=\"" + html_escape(then) + "\"";
  return html + ">";
}

std::string api_button(std::string_view id, std::string_view label, std::string_view url,
                       std::string_view method = "POST", const Json& body = Json(),
                       std::string_view extra_class = "secondary") {
  std::string html = "<button type=\"button\"";
  if (!id.empty()) html += " id=\"" + std::string(id) + "\"";
  html += " class=\"" + std::string(extra_class) + "\" data-api=\"" + html_escape(url) +
          "\" data-method=\"" + std::string(method) + "\"";
  if (!body.is_null()) html += " data-json=\"" + html_escape(body.dump()) + "\"";
  return html + ">" + std::string(label) + "</button>";
}

const std::string kStatus = "<p role=\"status\"></p>";

// The form that adds or changes a variable or a secret (`kind`): a secret's value goes in a
// password field, as it is never shown again.
std::string key_value_form(std::string_view kind, const std::string& url) {
  const std::string k(kind);
  const bool secret = kind == "secret";
  return api_form(k + "-form", url, "POST") + "<div class=\"inline\"><div><label for=\"" + k +
         "-key\">Name</label><input type=\"text\" id=\"" + k +
         "-key\" name=\"key\" required spellcheck=\"false\"></div><div><label for=\"" + k +
         "-value\">Value</label><input type=\"" + (secret ? "password" : "text") + "\" id=\"" + k +
         "-value\" name=\"value\"" + (secret ? " autocomplete=\"new-password\"" : "") +
         " spellcheck=\"false\"></div><div><label for=\"" + k +
         "-description\">Description</label><input type=\"text\" id=\"" + k +
         "-description\" name=\"description\" data-optional></div><button type=\"submit\">Save " +
         k + "</button></div>" + kStatus + "</form>";
}

std::string selected_if(bool on) {
  return on ? " selected" : "";
}

}  // namespace

void space_logs_page(WebRequest& request, const spaces::SpaceRecord& space) {
  Page page;
  page.title = "Logs · " + space.id;
  page.space_id = space.id;
  std::string& m = page.main;
  m += space_header(request, space, SpaceTab::kLogs);
  m += "<div class=\"toolbar\"><input type=\"checkbox\" id=\"follow\" checked><label "
       "for=\"follow\" class=\"inline-label\">Follow the end of the logs</label></div>";
  m += "<div class=\"logs-grid\"><section aria-labelledby=\"build-log-title\"><h2 "
       "id=\"build-log-title\">Build</h2>" +
       log_view(true, "build-log") +
       "</section><section aria-labelledby=\"run-log-title\"><h2 id=\"run-log-title\">Container"
       "</h2>" +
       log_view(false, "run-log") + "</section></div>";
  respond_page(request, http::status::ok, page);
}

void space_settings_page(WebRequest& request, const spaces::SpaceRecord& space) {
  const std::string api = "/api/spaces/" + space.id;
  auto [variables, secrets] = request.ctx.db.with([&](spaces::SpaceStore& s, spaces::UserStore&) {
    return std::pair(s.variables(space.id), s.secret_keys(space.id));
  });
  const std::string& user = request.who()->user;
  Page page;
  page.title = "Settings · " + space.id;
  page.space_id = space.id;
  std::string& m = page.main;
  m += space_header(request, space, SpaceTab::kSettings);
  m += "<p id=\"settings-status\" role=\"status\"></p>";
  if (!request.who()->can_write()) {
    m += "<p class=\"error\">You signed in with a read token: changes will be refused. Sign in "
         "with a write token to change settings.</p>";
  }

  m += "<h2>Space</h2>";
  m += api_button("restart", "Restart", api + "/restart", "POST", Json(), "") + " ";
  m += api_button("factory-rebuild", "Factory rebuild", api + "/restart?factory=true") + " ";
  if (space.stage == SpaceStage::kPaused) {
    m += api_button("resume", "Resume", api + "/restart");
  } else {
    m += api_button("pause", "Pause", api + "/pause");
  }

  m += api_form("visibility-form", api + "/settings", "PUT") +
       "<label for=\"visibility-select\">Visibility</label><select id=\"visibility-select\" "
       "name=\"private\" data-type=\"bool\"><option value=\"false\"" +
       selected_if(!space.is_private) + ">Public</option><option value=\"true\"" +
       selected_if(space.is_private) +
       ">Private</option></select> <button "
       "type=\"submit\">Save</button>" +
       kStatus + "</form>";

  m += api_form("hardware-form", api + "/hardware", "POST") +
       "<label for=\"hardware-select\">Hardware</label><select id=\"hardware-select\" "
       "name=\"flavor\">" +
       hardware_options(space.hardware) + "</select> <button type=\"submit\">Save</button>" +
       kStatus + "</form>";

  const std::string sleep_now = !space.sleep_time_seconds ? "the server's default"
                                : *space.sleep_time_seconds == -1
                                    ? "never"
                                    : std::to_string(*space.sleep_time_seconds) + " s";
  m += api_form("sleep-form", api + "/sleeptime", "POST") +
       "<label for=\"sleep-seconds\">Sleep after <span class=\"hint\">(seconds without a "
       "visit, -1 for never; now " +
       sleep_now +
       ")</span></label><input type=\"number\" id=\"sleep-seconds\" name=\"seconds\" "
       "data-type=\"number\" min=\"-1\" required" +
       (space.sleep_time_seconds ? " value=\"" + std::to_string(*space.sleep_time_seconds) + "\""
                                 : std::string()) +
       "> <button type=\"submit\">Save</button>" + kStatus + "</form>";

  m += api_form("storage-form", api + "/storage", "POST") +
       "<label for=\"storage-tier\">Persistent storage at /data <span class=\"hint\">(now " +
       html_escape(space.storage.value_or("none")) +
       ")</span></label><select id=\"storage-tier\" name=\"tier\">";
  for (auto tier : spaces::storage_tiers()) {
    m += "<option" + selected_if(space.storage == tier) + ">" + std::string(tier) + "</option>";
  }
  m += "</select> <button type=\"submit\">Save</button> ";
  if (space.storage) {
    m += api_button("storage-remove", "Remove storage (deletes /data)", api + "/storage", "DELETE");
  }
  m += kStatus + "</form>";

  m += "<h2>Variables</h2><p class=\"hint\">Build arguments and environment of the app, shown "
       "to anyone who can change settings. Saving a key again changes its value.</p>";
  m += "<div class=\"table-wrap\"><table id=\"variables\"><caption "
       "class=\"visually-hidden\">Variables</caption><thead><tr><th scope=\"col\">Name</th><th "
       "scope=\"col\">Value</th><th scope=\"col\">Description</th><th scope=\"col\"><span "
       "class=\"visually-hidden\">Actions</span></th></tr></thead><tbody>";
  for (const auto& variable : variables) {
    const std::string key = html_escape(variable.key);
    m += "<tr data-variable=\"" + key + "\"><td><code>" + key + "</code></td><td><code>" +
         html_escape(variable.value) + "</code></td><td>" + html_escape(variable.description) +
         "</td><td><button type=\"button\" class=\"secondary edit-variable\" data-key=\"" + key +
         "\" data-value=\"" + html_escape(variable.value) + "\" data-description=\"" +
         html_escape(variable.description) + "\">Edit<span class=\"visually-hidden\"> " + key +
         "</span></button> " +
         api_button("", "Remove<span class=\"visually-hidden\"> " + key + "</span>",
                    api + "/variables", "DELETE", Json{{"key", variable.key}}) +
         "</td></tr>";
  }
  if (variables.empty()) m += "<tr><td colspan=\"4\">No variables.</td></tr>";
  m += "</tbody></table></div>";
  m += key_value_form("variable", api + "/variables");

  m += "<h2>Secrets</h2><p class=\"hint\">Given to builds as secret mounts and to the app as "
       "environment. A secret's value is never shown again, here or in the API.</p>";
  m += "<div class=\"table-wrap\"><table id=\"secrets\"><caption "
       "class=\"visually-hidden\">Secrets</caption><thead><tr><th scope=\"col\">Name</th><th "
       "scope=\"col\">Description</th><th scope=\"col\">Updated</th><th scope=\"col\"><span "
       "class=\"visually-hidden\">Actions</span></th></tr></thead><tbody>";
  for (const auto& secret : secrets) {
    const std::string key = html_escape(secret.key);
    m += "<tr data-secret=\"" + key + "\"><td><code>" + key + "</code></td><td>" +
         html_escape(secret.description) + "</td><td>" + html_escape(secret.updated.substr(0, 19)) +
         "</td><td>" +
         api_button("", "Remove<span class=\"visually-hidden\"> " + key + "</span>",
                    api + "/secrets", "DELETE", Json{{"key", secret.key}}) +
         "</td></tr>";
  }
  if (secrets.empty()) m += "<tr><td colspan=\"4\">No secrets.</td></tr>";
  m += "</tbody></table></div>";
  m += key_value_form("secret", api + "/secrets");

  m += "<h2>Copy or rename</h2>";
  m += api_form("duplicate-form", api + "/duplicate", "POST", Json::object(), "space:") +
       "<input type=\"hidden\" data-owner value=\"" + html_escape(user) +
       "\"><label for=\"duplicate-name\">Duplicate as " + html_escape(user) +
       "/…</label><input type=\"text\" id=\"duplicate-name\" name=\"repository\" data-prefix=\"" +
       html_escape(user) +
       "/\" data-space-name required spellcheck=\"false\"> <button "
       "type=\"submit\">Duplicate</button>" +
       kStatus + "</form>";
  m += api_form("rename-form", "/api/repos/move", "POST",
                Json{{"fromRepo", space.id}, {"type", "space"}}, "space:/settings") +
       "<input type=\"hidden\" data-owner value=\"" + html_escape(space.owner) +
       "\"><label for=\"rename-name\">Rename to " + html_escape(space.owner) +
       "/…</label><input type=\"text\" id=\"rename-name\" name=\"toRepo\" data-prefix=\"" +
       html_escape(space.owner) + "/\" data-space-name required spellcheck=\"false\" value=\"" +
       html_escape(space.name) + "\"> <button type=\"submit\">Rename</button>" + kStatus +
       "</form>";

  m += "<h2>Delete</h2>";
  m += api_form("delete-form", "/api/repos/delete", "DELETE",
                Json{{"type", "space"}, {"name", space.name}, {"organization", space.owner}},
                "go:/");
  m += "<p>Deleting removes the Space, its repository, its data and its settings. This cannot "
       "be undone.</p><label for=\"delete-confirm\">Type <code>" +
       html_escape(space.id) +
       "</code> to confirm</label><input type=\"text\" id=\"delete-confirm\" data-expect=\"" +
       html_escape(space.id) +
       "\" autocomplete=\"off\" spellcheck=\"false\"> <button type=\"submit\" "
       "id=\"delete-submit\" class=\"danger\" disabled>Delete this Space</button>" +
       kStatus + "</form>";
  respond_page(request, http::status::ok, page);
}

}  // namespace berth::server
