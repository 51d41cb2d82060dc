#include "server/web/form_post.hpp"

#include <boost/beast/core/string.hpp>

#include "server/http/query.hpp"
#include "spaces/token.hpp"

namespace berth::server {

namespace {

constexpr std::size_t kMaxFormBytes = 64 * 1024;

}  // namespace

bool from_this_site(const RequestHeader& request) {
  auto site = request.find("Sec-Fetch-Site");
  if (site != request.end() && site->value() == "cross-site") return false;
  auto origin = request.find(http::field::origin);
  if (origin == request.end()) return true;
  // "null" (a sandboxed frame, a redirect across origins) is no origin of ours.
  const std::string_view value = origin->value();
  for (std::string_view scheme : {"http://", "https://"}) {
    if (boost::beast::iequals(value.substr(0, scheme.size()), scheme)) {
      return boost::beast::iequals(value.substr(scheme.size()), request[http::field::host]);
    }
  }
  return false;
}

std::optional<FormFields> read_form(WebRequest& request) {
  auto& ex = request.ex;
  if (!from_this_site(ex.request())) {
    respond_error_page(request, http::status::forbidden, "Refused",
                       "This form was sent from another site's page.");
    return std::nullopt;
  }
  std::string_view type = ex.request()[http::field::content_type];
  if (!type.starts_with("application/x-www-form-urlencoded")) {
    respond_error_page(request, http::status::unsupported_media_type, "Not a form",
                       "Expected an application/x-www-form-urlencoded form.");
    return std::nullopt;
  }
  try {
    return parse_query(ex.read_body_all(kMaxFormBytes));
  } catch (const PayloadTooLarge&) {
    respond_error_page(request, http::status::payload_too_large, "Form too large",
                       "A form of the web UI is at most 64 KiB.");
    return std::nullopt;
  }
}

std::optional<FormFields> read_session_form(WebRequest& request) {
  auto form = read_form(request);
  if (!form || !request.session) return form;
  auto it = form->find("csrf");
  if (it == form->end() || !spaces::hashes_equal(it->second, request.session->csrf)) {
    respond_error_page(request, http::status::forbidden, "Refused",
                       "The form's CSRF token does not match your session.");
    return std::nullopt;
  }
  return form;
}

}  // namespace berth::server
