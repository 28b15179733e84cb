#pragma once
/// @file
/// `pond serve`: the Picbreeder-like web app. One process serves the page (web/) and the JSON API
/// (docs/serve-api.md), keeping everything in one SQLite database under its data directory.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "serve/auth.hpp"

namespace pond::serve {

/// How a server runs.
struct ServerOptions {
  std::filesystem::path data_dir = "pond-data";  ///< holds pond.sqlite (created on first start)
  std::filesystem::path web_dir;                 ///< the page's files; empty: the ones pond was built with
  PasswordCost password_cost = PasswordCost::interactive();  ///< argon2id work factors
  int login_failures = 10;                       ///< failed logins allowed per address, or per address and name...
  /// (ten times as many per name from all addresses together: someone trying many addresses cannot
  /// guess on, and cannot lock an account out from one address either)
  std::chrono::seconds login_window{60};         ///< ...within this window, then 429
  int breeding = 300;                            ///< breeding requests (start, evolve, redo) per address per minute
  int registrations = 20;                        ///< registrations allowed per address...
  std::chrono::seconds registration_window{3600};  ///< ...within this window
  std::size_t max_body = 256 * 1024;             ///< request bodies beyond this get 413
  std::size_t workers = 64;                      ///< threads answering requests: each open connection holds one
  std::size_t computing = 0;                     ///< requests computing at once, in arrival order; 0: one per core
  bool secure_cookies = false;                   ///< add Secure to cookies (behind HTTPS)
  bool log_requests = false;                     ///< one line per request on stderr
};

/// The page's files that this pond was built or installed with.
std::filesystem::path default_web_dir();

/// A running `pond serve`.
class Server {
 public:
  /// Opens (or creates) the database under `options.data_dir` and sets up every route. Throws
  /// std::runtime_error naming the directory or file when they cannot be used.
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Listens on `host`:`port` (port 0: any free port); returns the port. Throws std::runtime_error
  /// naming the address when it is taken or invalid.
  int bind(const std::string& host, int port);
  /// Answers requests until stop() (call bind first).
  void run();
  /// Makes run() return (from any thread).
  void stop();
  /// Blocks until the server is ready to answer (after bind, from another thread than run's).
  void wait_until_ready() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace pond::serve
