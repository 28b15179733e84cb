// The shared machinery of the API routes: errors as JSON, the per-request context, cookies, field
// validation, and the wrapper every route runs inside.

#include "serve/api_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <thread>
#include <iostream>

#include "pond/core/error.hpp"

namespace pond::serve {

void write_error(httplib::Response& response, int status, const std::string& message) {
  response.status = status;
  const nlohmann::json body = {{"error", {{"status", status}, {"message", message}}}};
  response.set_content(body.dump(), "application/json");
}

std::string status_message(int status) {
  switch (status) {
    case 400: return "bad request";
    case 401: return "log in first";
    case 403: return "forbidden";
    case 404: return "not found";
    case 405: return "method not allowed";
    case 409: return "changed by another request: reload";
    case 411: return "send the body with a Content-Length";
    case 413: return "request body too large";
    case 415: return "unsupported body encoding";
    case 414: return "address too long";
    case 429: return "too many attempts: wait a minute";
    case 503: return "busy: try again in a moment";
    default: return status >= 500 ? "internal error" : "request failed";
  }
}

StorePool::StorePool(std::filesystem::path path) : path_(std::move(path)) {
  free_.push_back(std::make_unique<Store>(path_));  // fails early when the database is unusable
}

StorePool::Lease::~Lease() {
  if (!store_) return;
  const std::lock_guard lock(pool_->mutex_);
  pool_->free_.push_back(std::move(store_));
}

StorePool::Lease StorePool::lease() {
  {
    const std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      auto store = std::move(free_.back());
      free_.pop_back();
      return {*this, std::move(store)};
    }
  }
  return {*this, std::make_unique<Store>(path_)};
}

Services::Services(const ServerOptions& options_in)
    : options(options_in),
      stores(options_in.data_dir / "pond.sqlite"),
      login_by_address(options_in.login_failures, options_in.login_window),
      login_by_pair(options_in.login_failures, options_in.login_window),
      login_by_name(10 * options_in.login_failures, options_in.login_window),
      breeding(options_in.breeding, std::chrono::seconds(60)),
      registrations(options_in.registrations, options_in.registration_window),
      computing(options_in.computing > 0 ? options_in.computing : std::max(1u, std::thread::hardware_concurrency())),
      rendering(options_in.computing > 0 ? options_in.computing : std::max(1u, std::thread::hardware_concurrency())),
      decoy_hash(hash_password(random_token(), options_in.password_cost)) {}

std::string cookie(const httplib::Request& request, const std::string& name) {
  // Cookie: a=1; b=2 (several Cookie headers are joined the same way).
  const auto count = request.get_header_value_count("Cookie");
  for (std::size_t i = 0; i < count; ++i) {
    const std::string header = request.get_header_value("Cookie", i);
    std::size_t start = 0;
    while (start < header.size()) {
      auto end = header.find(';', start);
      if (end == std::string::npos) end = header.size();
      auto pair = std::string_view(header).substr(start, end - start);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
      start = end + 1;
    }
  }
  return {};
}

std::string set_cookie(const std::string& name, const std::string& value, std::int64_t max_age_seconds,
                       const std::string& attributes) {
  return fmt::format("{}={}; Path=/; Max-Age={}{}{}", name, value, max_age_seconds, attributes.empty() ? "" : "; ",
                     attributes);
}

Call::Call(const httplib::Request& request_in, httplib::Response& response_in, Services& services_in, Store& store_in)
    : request(request_in), response(response_in), services(services_in), store(store_in) {
  const std::string token = cookie(request, "pond_session");
  if (token.empty() || token.size() > 128) return;
  login_digest_ = token_digest(token);
}

const std::optional<User>& Call::user() {
  if (!user_looked_up_) {
    user_looked_up_ = true;
    if (login_digest_.empty()) return user_;
    if (const auto login = store.login_by_digest(login_digest_, now())) user_ = store.user_by_id(login->user_id);
  }
  return user_;
}

const User& Call::require_user() {
  if (!user()) throw ApiError(401, "log in first");
  return *user_;
}

const nlohmann::json& Call::body() {
  if (!body_ && request.body.empty()) body_ = nlohmann::json::object();  // a POST with nothing to say
  if (!body_) {
    auto parsed = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) throw ApiError(400, "body: not valid JSON");
    if (!parsed.is_object()) throw ApiError(400, "body: expected a JSON object");
    body_ = std::move(parsed);
  }
  return *body_;
}

std::string Call::match(std::size_t index) const {
  return index < request.matches.size() ? request.matches[index].str() : std::string();
}

std::int64_t Call::match_id(std::size_t index) const {
  const std::string text = match(index);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) throw ApiError(404, "not found");
  return value;
}

std::int64_t Call::now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void Call::send_json(const nlohmann::json& value, int status) {
  response.status = status;
  // Answers hold logins, CSRF tokens and private sessions: no cache may keep them.
  response.set_header("Cache-Control", "no-store");
  // error_handler_t::replace: a stored string is never invalid UTF-8, but a bad byte must not turn an
  // answer into a server error.
  response.set_content(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

namespace {
const char* cache_control(Call::Caching caching) {
  switch (caching) {
    case Call::Caching::shared: return "public, max-age=31536000, immutable";
    case Call::Caching::browser_only: return "private, max-age=31536000, immutable";
    case Call::Caching::none: break;
  }
  return "no-store";
}
}  // namespace

void Call::send_gif(std::string bytes, Caching caching) {
  response.set_header("Cache-Control", cache_control(caching));
  response.set_content(std::move(bytes), "image/gif");
}

void Call::send_png(std::string bytes, Caching caching) {
  response.set_header("Cache-Control", cache_control(caching));
  response.set_content(std::move(bytes), "image/png");
}

namespace field {
namespace {
const nlohmann::json* find(const nlohmann::json& body, const char* name) {
  const auto it = body.find(name);
  return it == body.end() || it->is_null() ? nullptr : &*it;
}

// Code points in valid UTF-8 (continuation bytes do not start one); nothing for invalid UTF-8.
std::optional<std::size_t> code_points(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();  // throws on invalid UTF-8
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  std::size_t count = 0;
  for (const unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}
}  // namespace

std::string text(const nlohmann::json& body, const char* name, std::size_t min, std::size_t max) {
  const auto* value = find(body, name);
  if (!value) throw ApiError(400, fmt::format("{}: required", name));
  if (!value->is_string()) throw ApiError(400, fmt::format("{}: expected a string", name));
  const auto& s = value->get_ref<const std::string&>();
  const auto length = code_points(s);
  if (!length) throw ApiError(400, fmt::format("{}: not valid UTF-8", name));
  if (*length < min) throw ApiError(400, fmt::format("{}: at least {} characters", name, min));
  if (*length > max) throw ApiError(400, fmt::format("{}: at most {} characters", name, max));
  for (const unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) throw ApiError(400, fmt::format("{}: control characters are not allowed", name));
  }
  return s;
}

double number(const nlohmann::json& body, const char* name, double lo, double hi, double fallback) {
  const auto* value = find(body, name);
  if (!value) return fallback;
  if (!value->is_number()) throw ApiError(400, fmt::format("{}: expected a number", name));
  const double x = value->get<double>();
  if (!(x > lo && x <= hi)) throw ApiError(400, fmt::format("{}: must be within ({}, {}]", name, lo, hi));
  return x;
}

std::int64_t integer(const nlohmann::json& body, const char* name, std::int64_t lo, std::int64_t hi) {
  const auto* value = find(body, name);
  if (!value) throw ApiError(400, fmt::format("{}: required", name));
  if (!value->is_number_integer()) throw ApiError(400, fmt::format("{}: expected an integer", name));
  const auto x = value->get<std::int64_t>();
  if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) {
    throw ApiError(400, fmt::format("{}: must be within {}..{}", name, lo, hi));
  }
  if (x < lo || x > hi) throw ApiError(400, fmt::format("{}: must be within {}..{}", name, lo, hi));
  return x;
}

bool boolean(const nlohmann::json& body, const char* name, bool fallback) {
  const auto* value = find(body, name);
  if (!value) return fallback;
  if (!value->is_boolean()) throw ApiError(400, fmt::format("{}: expected true or false", name));
  return value->get<bool>();
}
}  // namespace field

int query_integer(const httplib::Request& request, const char* name, int lo, int hi, int fallback) {
  if (!request.has_param(name)) return fallback;
  const std::string text = request.get_param_value(name);
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < lo || value > hi) {
    throw ApiError(400, fmt::format("{}: expected an integer within {}..{}", name, lo, hi));
  }
  return value;
}

void Router::get(const std::string& pattern, Route route, Cost cost) {
  server_.Get(pattern, wrap(std::move(route), false, cost));
}

void Router::post(const std::string& pattern, Route route, Cost cost) {
  server_.Post(pattern, wrap(std::move(route), true, cost));
}

namespace {
// State changes must carry the CSRF cookie's token in a header: a page on another site can make the
// browser send the cookie, but cannot read it to copy it into a header.
void check_csrf(const httplib::Request& request) {
  const std::string expected = cookie(request, "pond_csrf");
  const std::string sent = request.get_header_value("X-CSRF-Token");
  if (expected.empty() || sent.empty()) throw ApiError(403, "missing CSRF token: load the page again");
  if (!tokens_equal(expected, sent)) throw ApiError(403, "wrong CSRF token: load the page again");
}
}  // namespace

httplib::Server::Handler Router::wrap(Route route, bool changes_state, Cost cost) {
  Services* services = &services_;
  return [services, route = std::move(route), changes_state, cost](const httplib::Request& request,
                                                                    httplib::Response& response) {
    try {
      if (changes_state) check_csrf(request);
      const bool picture = cost == Cost::picture;
      const FairGate::Pass pass(picture ? services->rendering : services->computing,
                                picture ? max_waiting_pictures : static_cast<std::size_t>(-1));
      if (!pass.entered()) throw ApiError(503, "too many pictures asked for at once: try again in a moment");
      const auto lease = services->stores.lease();
      Call call(request, response, *services, *lease);
      route(call);
    } catch (const ApiError& error) {
      write_error(response, error.status(), error.what());
    } catch (const StoreError& error) {
      // The client learns that nothing was saved; the operator learns why.
      std::cerr << "pond serve: " << request.method << ' ' << request.path << ": " << error.what() << '\n';
      write_error(response, 500, "the database failed: nothing was changed");
    } catch (const std::exception& error) {
      std::cerr << "pond serve: " << request.method << ' ' << request.path << ": " << error.what() << '\n';
      write_error(response, 500, "internal error");
    }
  };
}

}  // namespace pond::serve
