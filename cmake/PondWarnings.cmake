# Warnings and sanitizers live on interface targets that pond's own targets link privately,
# so nothing leaks into a consumer's build through the installed package.
add_library(pond_warnings INTERFACE)
# -Wmissing-field-initializers is off: GCC 12 flags C++20 designated initializers that leave members at
# their defaults, which is how pond's options structs are meant to be written.
target_compile_options(pond_warnings INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)

add_library(pond_sanitize INTERFACE)
if(POND_SANITIZE)
  target_compile_options(pond_sanitize INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                 -fno-sanitize-recover=undefined)
  target_link_options(pond_sanitize INTERFACE -fsanitize=address,undefined)
endif()
