#include "server/http/client_connection.hpp"

namespace berth::server {

char* ClientConnection::scratch(std::size_t size) {
  if (scratch_size_ < size) {
    scratch_ = std::make_unique_for_overwrite<char[]>(size);
    scratch_size_ = size;
  }
  return scratch_.get();
}

void ClientConnection::close() {
  beast::error_code ec;
  downstream.socket.close(ec);
  if (upstream != nullptr) upstream->socket.close(ec);
  slot.release();
}

void ClientConnection::check_deadlines(Deadline::Clock::time_point now) {
  beast::error_code ec;
  if (downstream.deadline.expire_if_past(now)) downstream.socket.cancel(ec);
  if (upstream != nullptr && upstream->deadline.expire_if_past(now)) upstream->socket.cancel(ec);
}

Task<bool> respond_async(ClientConnection& client, const RequestParser& request,
                         http::status status, std::string_view content_type, std::string body,
                         Millis timeout,
                         const std::vector<std::pair<std::string, std::string>>& extra) {
  const auto& header = request.get().base();
  http::response<http::string_body> response(status, header.version() >= 11 ? 11 : 10);
  response.set(http::field::server, "berth");
  if (!content_type.empty()) response.set(http::field::content_type, content_type);
  for (const auto& [name, value] : extra) response.set(name, value);
  // A body left unread would be parsed as the next request: close instead.
  const bool keep_alive = request.get().keep_alive() && request.is_done();
  response.keep_alive(keep_alive);
  const bool head = header.method() == http::verb::head;
  if (head) {
    response.content_length(body.size());
  } else {
    response.body() = std::move(body);
    response.prepare_payload();
  }
  http::response_serializer<http::string_body> serializer(response);
  beast::error_code ec;
  client.downstream.deadline.arm(timeout);
  if (head) {
    co_await http::async_write_header(client.downstream.socket, serializer, into(ec));
  } else {
    co_await http::async_write(client.downstream.socket, serializer, into(ec));
  }
  ec = client.downstream.deadline.disarm(ec);
  co_return keep_alive && !ec;
}

}  // namespace berth::server
