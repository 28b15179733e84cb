#pragma once
/// @file
/// Everything `pond serve` keeps, in one SQLite database: accounts, login sessions, breeding sessions
/// with their generations, and published pictures with their tags. The database runs in WAL mode, and
/// every change that touches more than one row is one transaction, so a killed server leaves either
/// all of a change or none of it.
///
/// The store knows nothing of HTTP or CPPNs: genomes are JSON text, checked by the caller. All
/// statements bind their parameters (no SQL is ever built from input). A Store is one connection and
/// is not thread-safe: the server keeps one per worker thread (SQLite serialises the writers).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace pond::serve {

/// Thrown for database failures (could not open, disk full, corrupt file). The message names the
/// database file and the operation.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An account.
struct User {
  std::int64_t id = 0;        ///< row id
  std::string name;           ///< unique, as registered
  std::string password_hash;  ///< argon2id string from libsodium (never sent to clients)
  std::int64_t created = 0;   ///< Unix seconds
};

/// A logged-in browser: the cookie's token is stored only as its digest.
struct Login {
  std::string token_digest;  ///< hex digest of the session cookie's token
  std::int64_t user_id = 0;  ///< who logged in
  std::int64_t expires = 0;  ///< Unix seconds
};

/// One page of a breeding session: the children bred from the previous page's chosen ones.
struct Generation {
  std::int64_t id = 0;                 ///< row id, unique across sessions (children's URLs use it)
  std::string breed_id;                ///< the session it belongs to
  std::int64_t number = 0;             ///< 0 for the first page, then 1, 2, ... along the session
  std::vector<int> chosen;             ///< indices into the previous page's children that bred this one
  std::vector<std::string> children;   ///< genome JSON texts, one per child
  std::int64_t seed = 0;               ///< the seed they were bred with (Redo draws a new one)
  std::int64_t next_innovation = 0;    ///< the innovation counter after breeding this page
  std::int64_t next_node = 0;          ///< the node-id counter after breeding this page
};

/// A breeding session. Its generations form a history like a browser's: `current` is the shown
/// page; Back and Forward move it; evolving from a page that is not the last drops the pages after it.
struct Breed {
  std::string id;                          ///< unguessable token: knowing it is the right to breed here
  std::optional<std::int64_t> owner;       ///< the account that started it, if logged in
  bool colour = true;                      ///< HSB colour or greyscale
  bool animated = false;                   ///< CPPNs with the t input, shown as looping GIFs
  double strength = 1.0;                   ///< mutation strength for the next Evolve or Redo
  std::optional<std::int64_t> branched_from;  ///< published picture it started from, if any
  std::int64_t base_generations = 0;       ///< generations behind the starting picture (0 from scratch)
  std::int64_t current = 0;                ///< number of the page shown
  std::int64_t last = 0;                   ///< number of the newest page
  std::int64_t created = 0;                ///< Unix seconds
  std::int64_t updated = 0;                ///< Unix seconds
};

/// A published picture.
struct Picture {
  std::int64_t id = 0;                     ///< row id
  std::int64_t user_id = 0;                ///< the author
  std::string author;                      ///< the author's name (filled by reads)
  std::string title;                       ///< as typed (escaped by whoever displays it)
  std::vector<std::string> tags;           ///< lower-case, sorted, unique
  std::string genome;                      ///< genome JSON text
  bool colour = true;                      ///< colour or greyscale
  bool animated = false;                   ///< a CPPN with the t input (an animation)
  std::optional<std::int64_t> parent_id;   ///< the published picture it was branched from
  std::int64_t generations = 0;            ///< cumulative generations since a random start
  std::int64_t branches = 0;               ///< published pictures whose parent is this one (filled by reads)
  std::int64_t created = 0;                ///< Unix seconds
};

/// How to list pictures.
struct PictureQuery {
  enum class Order { recent, most_branched };
  Order order = Order::recent;   ///< newest first, or most branched first (then newest)
  std::string tag;               ///< only pictures with this tag, when not empty
  std::string text;              ///< only pictures whose title or a tag contains this text (case-insensitive), when not empty
  std::optional<std::int64_t> user_id;  ///< only this author's, when set
  int limit = 30;                ///< at most this many (1..100)
  int offset = 0;                ///< after skipping this many
};

/// A picture's published family: every ancestor up the parent links and every descendant down them.
struct Lineage {
  std::vector<Picture> pictures;  ///< the picture itself, its ancestors and descendants (genomes left empty)
};

/// The SQLite database of a `pond serve` data directory.
class Store {
 public:
  /// Opens (creating when missing) `path`, turns on WAL and foreign keys, sets a busy timeout, and
  /// creates or checks the schema. Throws StoreError naming the file when it cannot be opened or is
  /// not a pond database (another schema version or another program's file).
  explicit Store(const std::filesystem::path& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Accounts and logins.

  /// Adds an account; nothing when the name is taken (names compare case-insensitively).
  std::optional<User> create_user(const std::string& name, const std::string& password_hash, std::int64_t now);
  /// The account named `name` (case-insensitive), if any.
  std::optional<User> user_by_name(const std::string& name);
  /// The account with this id, if any.
  std::optional<User> user_by_id(std::int64_t id);
  /// Records a login.
  void create_login(const Login& login);
  /// The login with this digest, if it exists and has not expired at `now`.
  std::optional<Login> login_by_digest(const std::string& token_digest, std::int64_t now);
  /// Forgets a login (logout).
  void delete_login(const std::string& token_digest);
  /// Forgets every login that expired before `now`; returns how many.
  int delete_expired_logins(std::int64_t now);

  // Breeding sessions.

  /// Stores a new session and its first page (number 0) in one transaction. `first.breed_id` is set
  /// from `breed` and `first.number` to 0; the session is stored with current = last = 0 whatever
  /// `breed` says. Returns the first page with its id.
  Generation create_breed(const Breed& breed, Generation first);
  /// The session with this id, if any.
  std::optional<Breed> breed(const std::string& id);
  /// The page `number` of session `breed_id`, if any.
  std::optional<Generation> generation(const std::string& breed_id, std::int64_t number);
  /// The page with this row id, if any.
  std::optional<Generation> generation_by_id(std::int64_t id);
  /// In one transaction: drops the pages after `breed.current`, stores `next` as page current + 1,
  /// and makes it current and last; also stores `breed.strength` and `breed.colour`. Returns the new
  /// page with its id. Fails (nothing) when the session's `updated` in the database differs from
  /// `breed.updated` (another request changed it) or `breed.current` is outside 0..last. A change
  /// sets `updated` to max(now, old + 1), so it always differs from the old value: read the session
  /// back for the new one.
  std::optional<Generation> append_generation(const Breed& breed, Generation next, std::int64_t now);
  /// In one transaction: replaces the children, seed and counters of page `page.number` (Redo); the
  /// page gets a new row id, so cached pictures of the old children are never shown for the new ones.
  /// The page keeps its stored `chosen` (the same parents); the pages after it, bred from the old
  /// children, are dropped, and it becomes current and last. Also stores `breed.strength` and
  /// `breed.colour`. Returns the replaced page, or nothing when the page does not exist or under the
  /// same condition as append_generation.
  std::optional<Generation> replace_generation(const Breed& breed, Generation page, std::int64_t now);
  /// Moves the shown page and stores the strength and colour; fails (false) under the same condition
  /// as append_generation, or when `breed.current` is outside 0..last.
  bool update_breed(const Breed& breed, std::int64_t now);
  /// The sessions an account started, newest first (at most `limit`).
  std::vector<Breed> breeds_of(std::int64_t user_id, int limit);

  // Pictures.

  /// Publishes a picture and its tags in one transaction; returns its id. Throws StoreError when
  /// `parent_id` names no picture.
  std::int64_t publish(const Picture& picture);
  /// The picture with this id (with its genome, author, tags and branch count), if any.
  std::optional<Picture> picture(std::int64_t id);
  /// Pictures as `query` asks, genomes left empty.
  std::vector<Picture> pictures(const PictureQuery& query);
  /// Published pictures whose parent is `id`, oldest first (the first 200), genomes left empty.
  std::vector<Picture> branches_of(std::int64_t id);
  /// Ancestors (up to the root) and descendants (every depth) of `id`, genomes left empty; at most
  /// `limit` pictures (the nearest ones first). Nothing when `id` does not exist.
  std::optional<Lineage> lineage(std::int64_t id, int limit);
  /// The most used tags with their counts, most used first.
  std::vector<std::pair<std::string, std::int64_t>> popular_tags(int limit);

  /// Runs SQLite's integrity check; returns "ok" or the problems found.
  std::string integrity_check();
  /// The database file.
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

}  // namespace pond::serve
