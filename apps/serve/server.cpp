// The server: the database, the routes, the page's files, and the answers for everything else
// (unknown routes, oversize bodies, faults) as JSON errors.

#include "serve/server.hpp"

#include <fmt/format.h>
#include <sys/socket.h>

#include <iostream>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "serve/api_support.hpp"

namespace pond::serve {

std::filesystem::path default_web_dir() {
  const std::filesystem::path built = POND_WEB_DIR;
  std::error_code ignored;
  if (std::filesystem::is_regular_file(built / "index.html", ignored)) return built;
  return POND_INSTALLED_WEB_DIR;
}

struct Server::State {
  explicit State(const ServerOptions& options) : services(options) {}
  Services services;
  httplib::Server http;
  int listening_socket = -1;  // seen when httplib creates it (see bind)
};

namespace {

void create_data_dir(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw std::runtime_error(fmt::format("{}: cannot create the data directory: {}", dir.string(), error.message()));
}

ServerOptions checked(ServerOptions options) {
  create_data_dir(options.data_dir);
  if (options.web_dir.empty()) options.web_dir = default_web_dir();
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(options.web_dir / "index.html", ignored)) {
    throw std::runtime_error(fmt::format("{}: no index.html: the page's files are missing", options.web_dir.string()));
  }
  return options;
}

// Headers on every answer: no sniffing of content types, no framing by other sites, and a content
// policy that allows only this server's own scripts, styles and images.
void add_safety_headers(httplib::Server& http) {
  http.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "same-origin"},
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"},
  });
}

}  // namespace

Server::Server(ServerOptions options) : state_(std::make_unique<State>(checked(std::move(options)))) {
  auto& http = state_->http;
  auto& services = state_->services;
  add_safety_headers(http);
  http.set_payload_max_length(services.options.max_body);
  // httplib gives each connection a worker thread for as long as it stays open, keep-alive idling
  // included: a browser opens up to six per site, so the pool is large and idle connections are let
  // go soon. A client that opens connections and sends nothing holds a thread for the read timeout.
  const std::size_t workers = services.options.workers;
  http.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  http.set_tcp_nodelay(true);  // small JSON answers go out at once, not after a delayed ACK (40 ms)
  http.set_keep_alive_max_count(1000);
  http.set_keep_alive_timeout(2);
  http.set_read_timeout(5, 0);
  http.set_write_timeout(10, 0);
  if (!http.set_mount_point("/", services.options.web_dir.string())) {
    throw std::runtime_error(fmt::format("{}: cannot serve the page's files from here", services.options.web_dir.string()));
  }
  http.set_file_extension_and_mimetype_mapping("js", "text/javascript");
  http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");

  // SO_REUSEADDR only: a restarted server may take its port back from connections still closing,
  // but a second server on a port in use fails (httplib's default, SO_REUSEPORT, would let both
  // listen and split the connections between them).
  http.set_socket_options([state = state_.get()](socket_t socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    state->listening_socket = socket;
  });

  // httplib 0.11 checks the body limit against Content-Length only: a chunked or compressed body
  // would be read (or inflated) whole before any route runs. The page never sends either, so both
  // are refused before the body is read.
  http.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    if (request.has_header("Transfer-Encoding")) {
      write_error(response, 411, "send the body with a Content-Length (no chunked transfer)");
    } else if (request.has_header("Content-Encoding")) {
      write_error(response, 415, "send the body uncompressed (no Content-Encoding)");
    } else {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    response.set_header("Connection", "close");  // the unread body must not be taken for a request
    return httplib::Server::HandlerResponse::Handled;
  });

  Router router(http, services);
  add_account_routes(router);
  add_breeding_routes(router);
  add_picture_routes(router);

  // Errors raised by httplib itself (no route, body too large, bad request line) get the same JSON
  // shape as the routes' errors; the routes' own error bodies are kept.
  http.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.body.empty()) write_error(response, response.status, status_message(response.status));
  });
  http.set_exception_handler([](const httplib::Request& request, httplib::Response& response, std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const std::exception& e) {
      std::cerr << "pond serve: " << request.method << ' ' << request.path << ": " << e.what() << '\n';
    } catch (...) {
      std::cerr << "pond serve: " << request.method << ' ' << request.path << ": unknown failure\n";
    }
    write_error(response, 500, "internal error");
  });
  if (services.options.log_requests) {
    http.set_logger([](const httplib::Request& request, const httplib::Response& response) {
      std::cerr << request.remote_addr << ' ' << request.method << ' ' << request.path << ' ' << response.status << '\n';
    });
  }
}

Server::~Server() = default;

int Server::bind(const std::string& host, int port) {
  auto& http = state_->http;
  const int bound = port == 0 ? http.bind_to_any_port(host) : (http.bind_to_port(host, port) ? port : -1);
  if (bound < 0) throw std::runtime_error(fmt::format("{}:{}: cannot listen there (taken, or not an address of this machine)", host, port));
  // httplib 0.11 listens with a backlog of 5: fifty clients connecting at once overflow it, and the
  // kernel then drops handshakes that are retried only after one to three seconds (seen as a p99 of
  // a second in the load run). Listening again on the same socket raises the backlog.
  if (state_->listening_socket >= 0) ::listen(state_->listening_socket, SOMAXCONN);
  return bound;
}

void Server::run() { state_->http.listen_after_bind(); }

void Server::stop() { state_->http.stop(); }

void Server::wait_until_ready() const {
  while (!state_->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace pond::serve
