#pragma once
/// @file
/// What every route of `pond serve` shares: the error that becomes a JSON answer, the per-request
/// context (store connection, logged-in user, parsed body), cookies, and input validation that names
/// the field at fault.

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "serve/auth.hpp"
#include "serve/fair_gate.hpp"
#include "serve/server.hpp"
#include "serve/store.hpp"

namespace pond::serve {

/// A failure the client caused or must hear about: answered as
/// `{"error": {"status": S, "message": M}}` with HTTP status S.
class ApiError : public std::runtime_error {
 public:
  /// An error with HTTP status `status` and a message for the client.
  ApiError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  /// The HTTP status.
  int status() const noexcept { return status_; }

 private:
  int status_;
};

/// Writes the JSON error body and status to `response`.
void write_error(httplib::Response& response, int status, const std::string& message);

/// The standard message for an HTTP error status (for errors raised outside the routes).
std::string status_message(int status);

/// A pool of Store connections, one lent to each request for its duration (SQLite connections
/// must not be shared between threads at once).
class StorePool {
 public:
  /// Connections to the database at `path`.
  explicit StorePool(std::filesystem::path path);
  /// A connection lent to one request; returned to the pool on destruction.
  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<Store> store) : pool_(&pool), store_(std::move(store)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    /// The lent connection.
    Store& operator*() const noexcept { return *store_; }

   private:
    StorePool* pool_;
    std::unique_ptr<Store> store_;
  };
  /// Lends a free connection, opening a new one when none is free.
  Lease lease();

 private:
  std::filesystem::path path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Store>> free_;
};

/// What the routes of one server share.
struct Services {
  ServerOptions options;            ///< as given to the server
  StorePool stores;                 ///< database connections
  FailureLimiter login_by_address;  ///< failed logins per client address
  FailureLimiter login_by_pair;     ///< failed logins per client address and account name
  FailureLimiter login_by_name;     ///< failed logins per account name, from every address (a higher limit)
  FailureLimiter breeding;          ///< breeding requests per client address (every one counts)
  FailureLimiter registrations;     ///< registrations per client address (every one counts)
  FairGate computing;               ///< requests computing at once: one per core, first come first served
  FairGate rendering;               ///< the same for pictures, apart, so that renders never hold up the rest
  std::string decoy_hash;           ///< checked against when a name is unknown, so timing hides which names exist
  /// Services for `options`, with the database under its data directory.
  explicit Services(const ServerOptions& options);
};

/// One request being answered.
class Call {
 public:
  /// The call for `request`; its login is looked up only when a route asks for the user.
  Call(const httplib::Request& request, httplib::Response& response, Services& services, Store& store);

  const httplib::Request& request;  ///< as received
  httplib::Response& response;      ///< to fill
  Services& services;               ///< shared by all calls
  Store& store;                     ///< this call's connection

  /// The logged-in user, if the request carries a valid login cookie.
  const std::optional<User>& user();
  /// The logged-in user, or ApiError 401.
  const User& require_user();
  /// The digest of the login cookie's token, when there is one (valid or not).
  const std::string& login_digest() const noexcept { return login_digest_; }
  /// The request body as a JSON object (an empty body is an empty object), or ApiError 400 saying why not.
  const nlohmann::json& body();
  /// Capture `index` of the route's pattern.
  std::string match(std::size_t index) const;
  /// Capture `index` as a row id (the patterns allow only digits), or ApiError 404.
  std::int64_t match_id(std::size_t index) const;
  /// The current time in Unix seconds.
  static std::int64_t now();

  /// Answers `value` as JSON with `status`.
  void send_json(const nlohmann::json& value, int status = 200);
  /// Who may keep a picture: anyone (published pictures never change), only the browser (a breeding
  /// session's pictures: private, but never changing under their address), or nobody.
  enum class Caching { shared, browser_only, none };
  /// Answers PNG bytes.
  void send_png(std::string bytes, Caching caching);
  /// Answers GIF bytes.
  void send_gif(std::string bytes, Caching caching);

 private:
  std::optional<User> user_;
  bool user_looked_up_ = false;  // pictures and listings never need the login: no query for them
  std::string login_digest_;
  std::optional<nlohmann::json> body_;
};

/// The value of cookie `name` in the request, or empty.
std::string cookie(const httplib::Request& request, const std::string& name);

/// Builds a Set-Cookie value: `name=value; Path=/; Max-Age=...` plus the given attributes.
std::string set_cookie(const std::string& name, const std::string& value, std::int64_t max_age_seconds,
                       const std::string& attributes);

/// Reading fields of a JSON body, each failure an ApiError 400 naming the field.
namespace field {
/// A required string of `min`..`max` characters (UTF-8 code points).
std::string text(const nlohmann::json& body, const char* name, std::size_t min, std::size_t max);
/// An optional number within (lo, hi]; `fallback` when absent.
double number(const nlohmann::json& body, const char* name, double lo, double hi, double fallback);
/// A required integer within [lo, hi].
std::int64_t integer(const nlohmann::json& body, const char* name, std::int64_t lo, std::int64_t hi);
/// An optional boolean; `fallback` when absent.
bool boolean(const nlohmann::json& body, const char* name, bool fallback);
}  // namespace field

/// A query parameter as an integer within [lo, hi], `fallback` when absent; ApiError 400 otherwise.
int query_integer(const httplib::Request& request, const char* name, int lo, int hi, int fallback);

/// One route: what a request to it does.
using Route = std::function<void(Call&)>;

/// What a route costs: little (database reads and writes), or a picture (milliseconds to a second).
enum class Cost { light, picture };

/// Requests for pictures allowed to wait for a place at once; more get 503 at once.
inline constexpr std::size_t max_waiting_pictures = 64;

/// Registers routes on an httplib server, each wrapped so that errors become JSON answers, state
/// changes are checked for CSRF, and a store connection and the login are ready.
class Router {
 public:
  Router(httplib::Server& server, Services& services) : server_(server), services_(services) {}
  /// A GET route.
  void get(const std::string& pattern, Route route, Cost cost = Cost::light);
  /// A POST route (CSRF-checked).
  void post(const std::string& pattern, Route route, Cost cost = Cost::light);

 private:
  httplib::Server::Handler wrap(Route route, bool changes_state, Cost cost);
  httplib::Server& server_;
  Services& services_;
};

/// The routes of each part of the API.
void add_account_routes(Router& router);
void add_breeding_routes(Router& router);
void add_picture_routes(Router& router);

}  // namespace pond::serve
