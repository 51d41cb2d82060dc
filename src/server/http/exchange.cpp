#include "server/http/exchange.hpp"

#include <boost/asio/write.hpp>

#include "server/http/socket_io.hpp"

namespace berth::server {

namespace {
constexpr std::string_view kServerName = "berth";

// Statuses whose responses never carry a body (RFC 9110 section 6.4.1).
bool status_has_no_body(unsigned status) {
  return status / 100 == 1 || status == 204 || status == 304;
}

}  // namespace

bool expects_continue(const RequestHeader& request) {
  auto expect = request[http::field::expect];
  return request.version() >= 11 && beast::iequals(expect, "100-continue");
}

Exchange::Exchange(LoopSocket& socket, beast::flat_buffer& buffer, RequestParser& parser,
                   std::string remote_address)
    : socket_(socket),
      buffer_(buffer),
      parser_(parser),
      remote_address_(std::move(remote_address)),
      keep_alive_(parser.get().keep_alive()) {}

const RequestHeader& Exchange::request() const {
  return parser_.get().base();
}

std::string_view Exchange::path() const {
  std::string_view target = request().target();
  return target.substr(0, target.find('?'));
}

std::string_view Exchange::query() const {
  std::string_view target = request().target();
  auto q = target.find('?');
  return q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

bool Exchange::body_done() const {
  return parser_.is_done();
}

std::size_t Exchange::read_body(char* data, std::size_t size) {
  if (size == 0 || parser_.is_done()) return 0;
  // The client waits for this before it sends the body. Erasing Expect records that it went out.
  if (expects_continue(request()) && !responded_) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    TimedStream stream = TimedStream::for_socket(socket_);
    boost::asio::write(stream, boost::asio::const_buffer(kContinue.data(), kContinue.size()));
    parser_.get().erase(http::field::expect);
  }
  auto& body = parser_.get().body();
  body.data = data;
  body.size = size;
  TimedStream stream = TimedStream::for_socket(socket_);
  // Return as soon as some body bytes arrived (a streamed upload must not wait for a full
  // buffer); a read may consume only framing (a chunk header), so go on until bytes or the end.
  while (body.size == size && !parser_.is_done()) {
    beast::error_code ec;
    http::read_some(stream, buffer_, parser_, ec);
    // need_buffer: our buffer is full, not an error.
    if (ec && ec != http::error::need_buffer) throw beast::system_error(ec);
  }
  return size - body.size;
}

std::string Exchange::read_body_all(std::size_t limit) {
  std::string out;
  char chunk[16384];
  while (std::size_t n = read_body(chunk, sizeof chunk)) {
    if (out.size() + n > limit) {
      close_after();  // the rest of the body is still on the socket
      throw PayloadTooLarge("request body larger than " + std::to_string(limit) + " bytes");
    }
    out.append(chunk, n);
  }
  return out;
}

void Exchange::respond(http::status status, std::string_view content_type, std::string body,
                       const std::vector<std::pair<std::string, std::string>>& extra) {
  http::response<http::string_body> response(status, request().version());
  response.set(http::field::server, kServerName);
  if (!content_type.empty()) response.set(http::field::content_type, content_type);
  // insert, not set: a field may come more than once (Set-Cookie).
  for (const auto& [name, value] : extra) response.insert(name, value);
  // A body left unread would be parsed as the next request: close instead.
  if (!parser_.is_done()) keep_alive_ = false;
  response.keep_alive(keep_alive_);
  if (request().method() == http::verb::head) {
    response.content_length(body.size());
  } else {
    response.body() = std::move(body);
    response.prepare_payload();
  }
  responded_ = true;
  http::response_serializer<http::string_body> serializer(response);
  TimedStream stream = TimedStream::for_socket(socket_);
  if (request().method() == http::verb::head) {
    http::write_header(stream, serializer);
  } else {
    http::write(stream, serializer);
  }
}

void Exchange::respond_json(http::status status, const Json& body) {
  respond(status, "application/json", body.dump());
}

void Exchange::respond_error(http::status status, std::string_view message) {
  respond_json(status, Json{{"error", std::string(message)}});
}

void Exchange::begin_stream(ResponseHeader header) {
  http::response<http::empty_body> response(std::move(header));
  response.set(http::field::server, kServerName);
  if (!parser_.is_done()) keep_alive_ = false;
  const bool no_body =
      request().method() == http::verb::head || status_has_no_body(response.result_int());
  chunked_ = false;
  if (!no_body && !response.has_content_length()) {
    if (request().version() >= 11) {
      chunked_ = true;
      response.chunked(true);
    } else {
      keep_alive_ = false;  // an HTTP/1.0 client knows no chunks: the close ends the body
    }
  }
  response.keep_alive(keep_alive_);
  responded_ = true;
  http::response_serializer<http::empty_body> serializer(response);
  TimedStream stream = TimedStream::for_socket(socket_);
  http::write_header(stream, serializer);
}

void Exchange::write_chunk(std::string_view data) {
  // A response to HEAD has no body, whatever the handler streams.
  if (data.empty() || request().method() == http::verb::head) return;
  TimedStream stream = TimedStream::for_socket(socket_);
  if (chunked_) {
    boost::asio::write(stream,
                       http::make_chunk(boost::asio::const_buffer(data.data(), data.size())));
  } else {
    boost::asio::write(stream, boost::asio::const_buffer(data.data(), data.size()));
  }
}

void Exchange::end_stream() {
  if (!chunked_) return;
  TimedStream stream = TimedStream::for_socket(socket_);
  boost::asio::write(stream, http::make_chunk_last());
}

}  // namespace berth::server
