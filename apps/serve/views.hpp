#pragma once
/// @file
/// The JSON shapes the API answers with (docs/serve-api.md): users, breeding sessions, pictures.

#include <nlohmann/json.hpp>

#include "serve/store.hpp"

namespace pond::serve {

/// `{"id", "name"}`: what anyone may see of an account.
nlohmann::json user_view(const User& user);

/// The session object with its shown page (children as picture and genome URLs) and, when a later
/// page exists, the children of this page that bred it (`chosen_here`).
nlohmann::json breed_view(const Breed& breed, const Generation& page, const std::vector<int>& chosen_here);

/// The picture object (no genome text: it has its own URL).
nlohmann::json picture_view(const Picture& picture);

}  // namespace pond::serve
